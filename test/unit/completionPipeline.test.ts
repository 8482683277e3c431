import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineSettings } from '../../src/engine/engineTypes';
import { BackendError } from '../../src/engine/errors';
import { sleep } from '../support/fakeBackend';
import { engineHarness } from '../support/engineHarness';

/** The pipeline is built by the engine from its parts: driven through it, other files off. */
const setup = (answer: (prefix: string) => string, overrides: Partial<EngineSettings> = {}) => engineHarness(answer, { otherFilesMaxChars: 0, ...overrides });

describe('the completion pipeline', () => {
  it('of several keystrokes waiting out the debounce together, only the newest sends a request', async () => {
    const { backend, ask } = setup(() => 'ute(x)', { minDebounceMs: 50, debounceMs: 50 });
    const results = await Promise.all([ask('y = c|\n'), ask('y = co|\n'), ask('y = comp|\n')]);
    assert.deepEqual(results.map((r) => r?.insertText), [undefined, undefined, 'ute(x)']);
    assert.deepEqual(backend.calls.map((call) => call.request.prefix), ['y = comp']);
  });

  it('a superseded request winds down before its successor starts, with a short pause between', async () => {
    const { backend, ask, starts, aborts } = setup((prefix) => (prefix.endsWith('= ') ? 'compute(a)' : 'zzz'));
    backend.firstTokenMs = 40;
    const first = new AbortController();
    const pending = ask('x = |\n', first.signal);
    await sleep(5);
    first.abort();
    await pending;
    assert.equal((await ask('x = q|\n'))?.insertText, 'zzz');
    assert.equal(backend.calls.length, 2);
    assert.equal(aborts.length, 1, 'the first request was aborted');
    assert.ok(starts[1] - aborts[0] >= 15, `the second started ${(starts[1] - aborts[0]).toFixed(1)} ms after the abort`);
    assert.equal(backend.maxInFlight, 1);
  });

  it('during a back-off keystrokes send nothing', async () => {
    const { backend, ask } = setup(() => 'x');
    backend.failWith = new BackendError('server', 'HTTP 500');
    assert.equal(await ask('a = |\n'), undefined);
    await sleep(5);
    backend.failWith = undefined;
    for (const marked of ['b = |\n', 'c = |\n', 'd = |\n']) assert.equal(await ask(marked), undefined);
    assert.equal(backend.calls.length, 1);
  });

  it('a binary file (NUL bytes) is never sent', async () => {
    const { backend, ask } = setup(() => 'x');
    assert.equal(await ask('data = "\u0000\u0001"\nx = |\n'), undefined);
    assert.equal(backend.calls.length, 0);
  });

  it('right after an accept that ends a line, the next request asks for several lines; otherwise that place is single-line', async () => {
    const { backend, engine, ask } = setup(() => '\nprint(x)');
    await ask('x = compute(a)|\n');
    engine.noteAccepted();
    await ask('y = compute(b)|\n');
    const [plain, afterAccept] = backend.calls.map((call) => call.request.stop.includes('\n'));
    assert.deepEqual([plain, afterAccept], [true, false]);
  });

  it('the request started at Enter is not counted as a keystroke; the provider call after it is', async () => {
    const { engine, input, ask } = setup(() => 'return 1');
    engine.prefetchAfterEdit(input('def f():\n    |\n'), '\n    ');
    assert.equal((await ask('def f():\n    |\n'))?.insertText, 'return 1');
    assert.equal(engine.stats.keystrokes, 1);
    assert.equal(engine.stats.requests, 1);
  });

  it('an answer that turns out to diverge from what was typed is asked for again, for the typed prompt', async () => {
    const { backend, ask } = setup((prefix) => (prefix.endsWith('= ') ? 'compute(a)' : 'uit()'));
    backend.firstTokenMs = 30;
    const first = new AbortController();
    const pending = ask('x = |\n', first.signal);
    await sleep(5);
    first.abort();
    await pending;
    const result = await ask('x = q|\n'); // waits on the first request until its answer shows it cannot match
    assert.deepEqual([result?.insertText, result?.source], ['uit()', 'network']);
    assert.deepEqual(backend.calls.map((call) => call.request.prefix), ['x = ', 'x = q']);
  });
});
