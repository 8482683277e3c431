import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionCache } from '../../src/engine/completionCache';
import { CompletionEngine } from '../../src/engine/completionEngine';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings, type EngineStats, type RequestEndInfo } from '../../src/engine/engineTypes';
import { BackendError } from '../../src/engine/errors';
import { FailureGate } from '../../src/engine/failureGate';
import { FirstTokenDeadline } from '../../src/engine/firstTokenDeadline';
import type { PendingRequest } from '../../src/engine/pendingRequest';
import { buildPromptWindow } from '../../src/engine/promptWindow';
import { ServerSpeed } from '../../src/engine/serverSpeed';
import { RequestBookkeeping } from '../../src/engine/requestBookkeeping';
import { RollingWindow } from '../../src/engine/rollingStats';
import { silentLogger, type TokenUsage } from '../../src/engine/types';
import { FakeBackend, sleep } from '../support/fakeBackend';
import { withCursor } from '../support/textDocument';

const SETTINGS: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, otherFilesMaxChars: 0 };

function setup(backend: FakeBackend, settings: EngineSettings = SETTINGS) {
  const cache = new CompletionCache({ maxEntries: 100, maxBytes: 1_000_000 });
  const stats: EngineStats = { keystrokes: 0, requests: 0, abortedRequests: 0, cacheHits: 0, typedAheadHits: 0, inFlightReuses: 0, errors: 0 };
  const gate = new FailureGate();
  const busy: boolean[] = [];
  const ends: RequestEndInfo[] = [];
  const usage: TokenUsage[] = [];
  const requests = new RequestBookkeeping({
    cache, stats, gate, latencies: new RollingWindow(50), firstTokens: new FirstTokenDeadline(), serverSpeed: new ServerSpeed(), log: silentLogger, now: () => performance.now(),
    events: { onBusyChange: (b) => busy.push(b), onRequestEnd: (info) => ends.push(info), onUsage: (u) => usage.push(u) },
  });
  const window = (marked: string) => {
    const { doc, position } = withCursor(marked);
    return buildPromptWindow(doc, position, { maxChars: settings.maxChars, suffixShare: settings.suffixShare });
  };
  const start = (marked: string, multiline = false): PendingRequest => {
    const request = requests.startRequest(backend, window(marked), multiline, settings, undefined);
    void request.finished.then(() => requests.recordRequestEnd(request, 'doc'));
    return request;
  };
  return { start, window, cache, stats, gate, busy, ends, usage };
}

describe('request bookkeeping', () => {
  it('the busy indicator turns on with the first request and off only when the last one ends', async () => {
    const backend = new FakeBackend(() => 'x');
    const { start, busy } = setup(backend);
    backend.firstTokenMs = 20;
    const first = start('a = |\n');
    backend.firstTokenMs = 60;
    const second = start('b = |\n');
    assert.deepEqual(busy, [true]);
    await first.finished;
    assert.deepEqual(busy, [true], 'still busy while the second streams');
    await second.finished;
    assert.deepEqual(busy, [true, false]);
  });

  it('sends the prompt with the settings\' limits: a single-line request stops at a newline, a multi-line one does not', async () => {
    const backend = new FakeBackend(() => 'x');
    const { start } = setup(backend, { ...SETTINGS, maxTokens: 64, temperature: 0.3 });
    await start('x = |\n').finished;
    await start('def f():\n    |\n', true).finished;
    const [single, multi] = backend.calls.map((call) => call.request);
    assert.deepEqual([single.prefix, single.maxTokens, single.temperature], ['x = ', 64, 0.3]);
    assert.ok(single.stop.includes('\n'));
    assert.ok(!multi.stop.includes('\n'));
  });

  it('an answered request is cached, so the same prompt or one typed ahead of it needs no request', async () => {
    const backend = new FakeBackend(() => 'compute(a, b)');
    const { start, window, cache } = setup(backend);
    await start('x = |\n').finished;
    const same = window('x = |\n');
    const typed = window('x = comp|\n');
    assert.equal(cache.get(backend.model, same.prefix, same.suffix)?.remainder, 'compute(a, b)');
    assert.equal(cache.get(backend.model, typed.prefix, typed.suffix)?.remainder, 'ute(a, b)');
  });

  it('tells the editor layer how each request ended, with its token usage, and counts aborts and errors apart', async () => {
    const backend = new FakeBackend(() => 'compute(a)');
    const { start, stats, ends, usage } = setup(backend);
    await start('x = |\n').finished;
    backend.firstTokenMs = 200;
    const aborted = start('y = |\n');
    aborted.abort();
    await aborted.finished;
    backend.firstTokenMs = 5;
    backend.failWith = new BackendError('server', 'HTTP 500');
    await start('z = |\n').finished;
    assert.deepEqual(ends.map((e) => [e.outcome, e.chars, e.error?.kind]), [['ok', 10, undefined], ['aborted', 0, undefined], ['error', 0, 'server']]);
    assert.ok(ends[0].latencyMs >= 5 && ends[0].firstTokenMs !== undefined && ends[0].firstTokenMs <= ends[0].latencyMs);
    assert.equal(ends[1].firstTokenMs, undefined);
    assert.deepEqual(usage, [{ promptTokens: 10, completionTokens: 5 }]);
    assert.deepEqual([stats.requests, stats.abortedRequests, stats.errors], [3, 1, 1]);
  });

  it('a failure starts a back-off, and the next answered request ends it', async () => {
    const backend = new FakeBackend(() => 'x');
    const { start, gate } = setup(backend);
    backend.failWith = new BackendError('server', 'HTTP 503');
    await start('x = |\n').finished;
    assert.ok(gate.isBlocked(performance.now()));
    backend.failWith = undefined;
    await start('y = |\n').finished;
    assert.equal(gate.isBlocked(performance.now()), false);
  });

  it('after fast first tokens, a server that goes silent is given up within 1.5 s instead of the 20 s setting', async () => {
    const backend = new FakeBackend(() => 'x');
    const { start, ends } = setup(backend);
    for (const prefix of ['a', 'b', 'c', 'd', 'e']) await start(`${prefix} = |\n`).finished;
    backend.firstTokenMs = 10_000;
    const silent = start('f = |\n');
    await silent.finished;
    assert.equal(silent.error?.kind, 'timeout');
    const latency = ends[ends.length - 1].latencyMs;
    assert.ok(latency >= 1400 && latency < 3000, `given up after ${latency} ms`);
  });
});

describe('what the engine answers about its requests', () => {
  function engineWith(backend: FakeBackend) {
    const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0 };
    const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log: silentLogger });
    const ask = (marked: string) => {
      const { doc, position } = withCursor(marked);
      return engine.provide({ editorKey: 'doc', document: doc, position }, new AbortController().signal);
    };
    return { engine, ask };
  }

  it('the median latency of answered requests and how many it is taken over, forgotten on a backend change', async () => {
    const backend = new FakeBackend(() => 'compute()');
    backend.firstTokenMs = 40;
    const { engine, ask } = engineWith(backend);
    assert.deepEqual([engine.medianLatencyMs(), engine.latencySampleCount()], [undefined, 0]);
    for (const name of ['a', 'b', 'c']) await ask(`${name} = |\n`);
    await sleep(5); // the bookkeeping runs once the request has ended
    assert.equal(engine.latencySampleCount(), 3);
    const median = engine.medianLatencyMs();
    assert.ok(median !== undefined && median >= 40 && median < 1000, `median ${median} ms`);
    engine.forgetLatencyHistory();
    assert.deepEqual([engine.medianLatencyMs(), engine.latencySampleCount()], [undefined, 0]);
  });

  it('a transient failure: backing off for about a second, no blocking error; a rejected key: blocking until reset', async () => {
    const backend = new FakeBackend(() => 'x');
    const { engine, ask } = engineWith(backend);
    assert.deepEqual([engine.blockingError(), engine.backoffLeftMs()], [undefined, 0]);
    backend.failWith = new BackendError('server', 'HTTP 500');
    await ask('a = |\n');
    await sleep(5);
    const left = engine.backoffLeftMs();
    assert.ok(left > 0 && left <= 1000, `back-off ${left} ms`);
    assert.equal(engine.backoffLeftMs(performance.now() + 2000), 0, 'over once its time has passed');
    assert.equal(engine.blockingError(), undefined);
    engine.reset();
    backend.failWith = new BackendError('unauthorized', 'key rejected');
    await ask('b = |\n');
    await sleep(5);
    assert.equal(engine.blockingError()?.kind, 'unauthorized');
    assert.equal(await ask('c = |\n'), undefined, 'no request while blocked');
    assert.equal(backend.calls.length, 2);
    engine.reset();
    assert.equal(engine.blockingError(), undefined);
  });
});
