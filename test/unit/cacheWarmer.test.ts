// Warming a local server's prompt cache while the editor is idle: sent only where it is worth it,
// never to the hosted API, and it gives way at once to a request that matters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_UNCACHED_CHARS } from '../../src/engine/cacheWarmer';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { silentLogger } from '../../src/engine/types';
import { FakeBackend } from '../support/fakeBackend';
import { withCursor } from '../support/textDocument';

const FILE = Array.from({ length: 80 }, (_, i) => `value_${i} = compute(${i})`).join('\n');

class LocalServer extends FakeBackend {
  readonly servesFromKvCache = true;
}

function setup(backend: FakeBackend) {
  const settings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0, minDebounceMs: 0, otherFilesMaxChars: 0 };
  const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log: silentLogger });
  const { doc, position } = withCursor(`${FILE}\nresult = |`);
  return { engine, input: { editorKey: 'file:///a.py', document: doc, position, explicit: false } };
}

describe('CacheWarmer', () => {
  it('an idle editor sends its prompt once with a one-token answer; the same place again sends nothing', async () => {
    const backend = new LocalServer(() => 'x');
    const { engine, input } = setup(backend);
    assert.equal(engine.warmServerCache(input), true);
    assert.equal(backend.calls.length, 1);
    assert.equal(backend.calls[0].request.maxTokens, 1);
    assert.ok(backend.calls[0].request.prefix.endsWith('result = '));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(engine.warmServerCache(input), false, 'the server holds this prompt already');
    assert.equal(backend.calls.length, 1);
  });
  it('a prompt too small to be worth a request is not sent', () => {
    const backend = new LocalServer(() => 'x');
    const { engine } = setup(backend);
    const { doc, position } = withCursor(`${'a = 1\n'.repeat(Math.floor(MIN_UNCACHED_CHARS / 12))}b = |`);
    assert.equal(engine.warmServerCache({ editorKey: 'file:///small.py', document: doc, position, explicit: false }), false);
    assert.equal(backend.calls.length, 0);
  });
  it('a keystroke\'s request cancels a warm-up still running', async () => {
    const backend = new LocalServer(() => 'total');
    backend.firstTokenMs = 200;
    const { engine, input } = setup(backend);
    assert.equal(engine.warmServerCache(input), true);
    const served = await engine.provide({ ...input, explicit: true }, new AbortController().signal);
    assert.equal(backend.calls[0].aborted, true, 'the warm-up gave way');
    assert.equal(served?.insertText, 'total');
  });
  it('never for the hosted API or a server that keeps no prompt cache, nor while a request runs', async () => {
    const billed = new LocalServer(() => 'x');
    Object.defineProperty(billed, 'billedPerToken', { value: true });
    assert.equal(setup(billed).engine.warmServerCache(setup(billed).input), false);
    const plain = new FakeBackend(() => 'x');
    assert.equal(setup(plain).engine.warmServerCache(setup(plain).input), false);
    const busy = new LocalServer(() => 'x');
    busy.firstTokenMs = 100;
    const { engine, input } = setup(busy);
    const running = engine.provide({ ...input, explicit: true }, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(engine.warmServerCache(input), false, 'the slot is taken');
    await running;
  });
});
