import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionEngine } from '../../src/engine/completionEngine';
import { EditorRequests } from '../../src/engine/editorRequests';
import { DEFAULT_ENGINE_SETTINGS } from '../../src/engine/engineTypes';
import { PendingRequest } from '../../src/engine/pendingRequest';
import { silentLogger } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';
import { withCursor } from '../support/textDocument';

function setup() {
  const backend = new FakeBackend(() => 'compute(a)');
  backend.firstTokenMs = 300;
  const engine = new CompletionEngine({ backend: () => backend, settings: () => ({ ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0 }), log: silentLogger });
  const ask = (editorKey: string, marked: string) => {
    const { doc, position } = withCursor(marked);
    return engine.provide({ editorKey, document: doc, position }, new AbortController().signal);
  };
  return { backend, engine, ask };
}

function request(backend: FakeBackend, prefix: string): PendingRequest {
  const limits = { firstTokenTimeoutMs: 5000, maxGenerationMs: 5000, maxChars: 4096, maxLineBreaks: 0 };
  return new PendingRequest({ model: backend.model, prefix, suffix: '', maxTokens: 16, temperature: 0, stop: ['\n'] }, backend, limits, () => performance.now());
}

describe('each editor\'s request in flight', () => {
  it('closing an editor aborts its request and forgets the editor', async () => {
    const { backend, engine, ask } = setup();
    const pending = ask('a.py', 'x = |\n');
    await sleep(10);
    assert.equal(engine.openEditorCount, 1);
    engine.closeEditor('a.py');
    assert.equal(await pending, undefined);
    assert.equal(backend.calls[0].aborted, true);
    assert.equal(engine.openEditorCount, 0);
  });

  it('two editors each keep their own request: typing in one does not abort the other\'s', async () => {
    const { backend, ask } = setup();
    backend.firstTokenMs = 40;
    const [a, b] = await Promise.all([ask('a.py', 'x = |\n'), ask('b.py', 'y = |\n')]);
    assert.deepEqual([a?.insertText, b?.insertText], ['compute(a)', 'compute(a)']);
    assert.equal(backend.maxInFlight, 2);
    assert.ok(backend.calls.every((call) => !call.aborted));
  });

  it('a reset (settings, key or backend changed) aborts every editor\'s request', async () => {
    const { backend, engine, ask } = setup();
    const pending = [ask('a.py', 'x = |\n'), ask('b.py', 'y = |\n')];
    await sleep(10);
    engine.reset();
    assert.deepEqual(await Promise.all(pending), [undefined, undefined]);
    assert.deepEqual(backend.calls.map((call) => call.aborted), [true, true]);
  });

  it('a request that ended no longer stands for its editor, unless a newer one has taken its place', async () => {
    const backend = new FakeBackend(() => 'x');
    const editors = new EditorRequests();
    const older = request(backend, 'a = ');
    const newer = request(backend, 'b = ');
    editors.stateOf('doc').current = newer;
    editors.noteEnded(older, 'doc');
    assert.equal(editors.stateOf('doc').current, newer);
    await newer.finished;
    editors.noteEnded(newer, 'doc');
    assert.equal(editors.stateOf('doc').current, undefined);
    assert.equal(editors.stateOf('doc'), editors.stateOf('doc'), 'one state per editor');
    assert.equal(editors.openCount, 1);
    await older.finished;
  });
});
