// Load at the engine level, with real timers: a person typing 1,000
// keystrokes at 10 ms intervals against a slow server (300 ms to the first token), the editor
// cancelling the previous provider call on every keystroke as VS Code does. The real backends
// and clients talk to the fixture servers.
//
// What must hold: at most one request in flight per editor (as the server counts them), memory
// bounded (the cache's byte bound holds; heap before and after), no timers left behind once
// the editor is closed and the engine disposed, and no burst of requests when the server
// comes back after refusing connections for a while. The figures are printed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineCompletion, type RequestEndInfo } from '../../src/engine/completionEngine';
import { silentLogger, type CompletionBackend } from '../../src/engine/types';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { textDocument } from '../support/textDocument';

const OLLAMA_MODEL = 'deepseek-coder:1.3b-base';
const KEYSTROKES = 1000;
const GAP_MS = 10;
const FIRST_TOKEN_MS = 300;
/**
 * Small on purpose: one entry here (a full 6,000-character prompt and its answer, UTF-16) takes
 * 13-16 KB, so a second answer has to evict the first and the bound is put to the test. Ollama's
 * first prompts are sized for a laptop until the server has said how fast it reads them
 * (promptBudget.ts): 7-8 KB an entry, so its bound is smaller.
 */
const CACHE_LIMITS = { maxEntries: 1000, maxBytes: 20 * 1024 };
const OLLAMA_CACHE_LIMITS = { maxEntries: 1000, maxBytes: 12 * 1024 };

/** What the person types: a real file (test/data/README.md says where it comes from). */
const MATERIAL = readFileSync(join(__dirname, '../../../test/data/python-textwrap.py.txt'), 'utf8');

const collectGarbage = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  collectGarbage?.();
  return process.memoryUsage().heapUsed;
}

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(5);
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The model a fixture plays: the text that really follows the prompt in MATERIAL. */
function oracle(prefix: string): string {
  const tail = prefix.slice(-200);
  const at = MATERIAL.indexOf(tail);
  return at < 0 ? 'pass' : MATERIAL.slice(at + tail.length);
}

/**
 * Where the typing starts in MATERIAL: far enough in that the prompt window (6,000 characters)
 * is full, so that every cache entry is large and the cache's byte bound has to evict.
 */
const TYPING_START = 8000;

/** One person typing MATERIAL into one editor, one character per keystroke from TYPING_START. */
async function type(engine: CompletionEngine, editorKey: string, keystrokes: number, onKeystroke?: (index: number) => void | Promise<void>) {
  const calls: Promise<EngineCompletion | undefined>[] = [];
  let previous: AbortController | undefined;
  const started = performance.now();
  for (let i = 0; i < keystrokes; i++) {
    await onKeystroke?.(i);
    // VS Code cancels the previous provider call on every keystroke.
    previous?.abort();
    const controller = new AbortController();
    previous = controller;
    const typed = MATERIAL.slice(0, TYPING_START + i + 1);
    const document = textDocument(typed);
    const lines = typed.split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    calls.push(engine.provide({ editorKey, document, position }, controller.signal));
    // Keystrokes on a fixed grid: a slow iteration does not push the rest of them back.
    await sleep(Math.max(0, started + (i + 1) * GAP_MS - performance.now()));
  }
  const served = await Promise.all(calls);
  return { served, seconds: (performance.now() - started) / 1000 };
}

interface LoadTarget {
  readonly name: string;
  readonly backend: CompletionBackend;
  readonly cacheLimits: { readonly maxEntries: number; readonly maxBytes: number };
  received(): number;
  aborted(): number;
  maxInFlight(): number;
  inFlight(): number;
  close(): Promise<void>;
}

async function ollamaLoadTarget(): Promise<LoadTarget & { fixture: OllamaFixture }> {
  const fixture = await startOllamaFixture({ models: [OLLAMA_MODEL], documents: [MATERIAL], latency: { firstTokenMs: FIRST_TOKEN_MS, perTokenMs: 2 } });
  return {
    name: 'Ollama',
    fixture,
    cacheLimits: OLLAMA_CACHE_LIMITS,
    backend: new OllamaBackend({ host: fixture.url, model: OLLAMA_MODEL, keepAlive: '30m' }),
    received: () => fixture.generateRequests().length,
    aborted: () => fixture.abortedCount,
    maxInFlight: () => fixture.maxInFlight,
    inFlight: () => fixture.inFlight,
    close: () => fixture.close(),
  };
}

async function deepSeekLoadTarget(): Promise<LoadTarget & { fixture: DeepSeekFixture }> {
  const fixture = await startDeepSeekFixture();
  fixture.setLatency({ firstTokenMs: FIRST_TOKEN_MS, perTokenMs: 2 });
  fixture.setResponder((prompt) => oracle(prompt));
  return {
    name: 'DeepSeek',
    fixture,
    cacheLimits: CACHE_LIMITS,
    backend: new DeepSeekBackend({ baseUrl: fixture.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY }),
    received: () => fixture.completionRequests().length,
    aborted: () => fixture.abortedCount,
    maxInFlight: () => fixture.maxInFlight,
    inFlight: () => fixture.inFlight,
    close: () => fixture.close(),
  };
}

/** Escapes of any kind while a test runs: they must stay empty. */
function watchEscapes(): { escaped: string[]; stop: () => void } {
  const escaped: string[] = [];
  const onRejection = (reason: unknown) => void escaped.push(`unhandledRejection: ${String(reason)}`);
  const onException = (error: unknown) => void escaped.push(`uncaughtException: ${String(error)}`);
  const onWarning = (warning: Error) => {
    if (warning.name === 'MaxListenersExceededWarning') escaped.push(`listener leak: ${warning.message}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.on('warning', onWarning);
  return {
    escaped,
    stop: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
      process.off('warning', onWarning);
    },
  };
}

/** What one typing run measured; each property is then its own test. */
interface LoadRun {
  readonly target: LoadTarget;
  readonly requests: number;
  readonly received: number;
  readonly maxInFlight: number;
  readonly shown: number;
  readonly cachedAnswers: number;
  readonly cacheEntries: number;
  readonly cachePeakBytes: number;
  readonly cacheBytesAfterDispose: number;
  readonly editorsAfterClose: number;
  readonly heapBefore: number;
  readonly heapAfterClose: number;
  readonly timeoutsBefore: number;
  readonly timeoutsPeak: number;
  readonly timeoutsAfter: number;
  readonly escaped: readonly string[];
}

async function typingUnderLoad(makeTarget: () => Promise<LoadTarget>): Promise<LoadRun> {
  const watch = watchEscapes();
  const target = await makeTarget();
  try {
    const timeoutsBefore = activeTimeouts();
    const heapBefore = heapUsed();
    const ends: RequestEndInfo[] = [];
    // The defaults a user has, with their adaptive debounce; only the cache is made small.
    const engine = new CompletionEngine({
      backend: () => target.backend,
      settings: () => DEFAULT_ENGINE_SETTINGS,
      log: silentLogger,
      cacheLimits: target.cacheLimits,
      events: { onRequestEnd: (info) => ends.push(info) },
    });
    const editorKey = `file:///load/${target.name}/textwrap.py`;

    let cachePeakBytes = 0;
    let timeoutsPeak = 0;
    const { served, seconds } = await type(engine, editorKey, KEYSTROKES, () => {
      cachePeakBytes = Math.max(cachePeakBytes, engine.cache.calculatedBytes);
      timeoutsPeak = Math.max(timeoutsPeak, activeTimeouts());
    });
    const shown = served.filter((completion) => completion !== undefined).length;
    const cachedAnswers = ends.filter((end) => end.outcome === 'ok' && end.chars > 0).length;
    const cacheEntries = engine.cache.size;
    const heapAfterTyping = heapUsed();

    // The editor closes, then the extension is deactivated.
    engine.closeEditor(editorKey);
    const editorsAfterClose = engine.openEditorCount;
    await until(`${target.name} fixture idle`, () => target.inFlight() === 0);
    engine.dispose();
    // Requests end in a then() after their stream: let those settle before counting timers.
    await sleep(20);
    const timeoutsAfter = activeTimeouts();
    const heapAfterClose = heapUsed();

    const { stats } = engine;
    console.log(
      `load ${target.name}: ${KEYSTROKES} keystrokes in ${seconds.toFixed(1)} s; ` +
        `${target.received()} requests at the server (${target.aborted()} cancelled by the client, max in flight ${target.maxInFlight()}); ` +
        `engine: ${stats.requests} requests, ${stats.abortedRequests} aborted, ${stats.cacheHits} cache hits, ${stats.typedAheadHits} typed-ahead, ${stats.inFlightReuses} in-flight reuses, ${shown} completions shown; ` +
        `cache: ${cachedAnswers} answers stored, ${cacheEntries} kept, peak ${(cachePeakBytes / 1024).toFixed(1)} KB of ${target.cacheLimits.maxBytes / 1024} KB; ` +
        `heap before ${mb(heapBefore)}, after typing ${mb(heapAfterTyping)}, after close ${mb(heapAfterClose)}${collectGarbage ? '' : ' (no --expose-gc: uncollected garbage included)'}; ` +
        `Timeout handles before ${timeoutsBefore}, at most ${timeoutsPeak} while typing, after ${timeoutsAfter}`,
    );
    return {
      target,
      requests: stats.requests,
      received: target.received(),
      maxInFlight: target.maxInFlight(),
      shown,
      cachedAnswers,
      cacheEntries,
      cachePeakBytes,
      cacheBytesAfterDispose: engine.cache.calculatedBytes,
      editorsAfterClose,
      heapBefore,
      heapAfterClose,
      timeoutsBefore,
      timeoutsPeak,
      timeoutsAfter,
      escaped: [...watch.escaped],
    };
  } finally {
    watch.stop();
    await target.close();
  }
}

/** One typing run per backend, then one test per property, so that each failure names its own. */
function loadSuite(name: string, makeTarget: () => Promise<LoadTarget>): void {
  describe(`${name}: 1,000 keystrokes at 10 ms, 300 ms to the first token`, () => {
    let run: LoadRun;
    before(async () => {
      run = await typingUnderLoad(makeTarget);
    });

    it('nothing escapes (no unhandled rejection, uncaught exception or listener leak)', () => {
      assert.deepEqual(run.escaped, []);
    });

    it('the slow server is not sent a request per keystroke, and completions are shown', () => {
      // A request aborted within a few milliseconds may never reach the server; none arrives twice.
      assert.ok(run.received >= 1 && run.received <= run.requests, `${run.received} requests at the server, ${run.requests} made`);
      assert.ok(run.requests < KEYSTROKES / 4, `${run.requests} requests for ${KEYSTROKES} keystrokes`);
      assert.ok(run.shown > 0, 'completions were shown while typing');
    });

    it('at most one request in flight for the editor, as the server counts them', () => {
      assert.equal(run.maxInFlight, 1, 'requests in flight at the server at once');
    });

    it("memory stays bounded: the cache's byte bound holds and the heap does not grow with the keystrokes", () => {
      assert.ok(run.cachePeakBytes <= run.target.cacheLimits.maxBytes, `cache peak ${run.cachePeakBytes} bytes`);
      assert.ok(run.cachedAnswers >= 2 && run.cacheEntries < run.cachedAnswers, `${run.cachedAnswers} answers stored, ${run.cacheEntries} kept: the bound evicted`);
      assert.equal(run.cacheBytesAfterDispose, 0, 'dispose forgot the cache');
      assert.ok(run.heapAfterClose - run.heapBefore < (collectGarbage ? 16 : 64) * 1024 * 1024, `heap grew by ${mb(run.heapAfterClose - run.heapBefore)}`);
    });

    it('no timers or editor state left behind once the editor is closed', () => {
      assert.equal(run.editorsAfterClose, 0, 'closeEditor forgot the editor');
      assert.ok(run.timeoutsPeak > run.timeoutsBefore, 'the probe sees the timers of the requests while typing');
      assert.ok(run.timeoutsAfter <= run.timeoutsBefore, `Timeout handles: ${run.timeoutsBefore} before, ${run.timeoutsAfter} after`);
    });
  });
}

describe('load at the engine level (real timers, real clients, fixture servers)', { concurrency: 1 }, () => {
  loadSuite('Ollama', ollamaLoadTarget);
  loadSuite('DeepSeek', deepSeekLoadTarget);

  it('no burst of requests when the server recovers after refusing connections', async () => {
    const watch = watchEscapes();
    const target = await ollamaLoadTarget();
    try {
      // Single-line completions: a long multi-line answer cached before the refusal would cover
      // the typing after it, and the server would not be asked again at all.
      const settings = { ...DEFAULT_ENGINE_SETTINGS, multiline: 'never' as const };
      const engine = new CompletionEngine({ backend: () => target.backend, settings: () => settings, log: silentLogger });
      const editorKey = 'file:///load/recovery.py';
      const refuseAt = 100; // 1 s of healthy typing,
      const recoverAt = refuseAt + 250; // 2.5 s of refused connections,
      const typingKeystrokes = recoverAt + 200; // and 2 s of typing after
      let recoveredAt = 0;
      let startedAt = 0;
      let refusedAt = 0;
      const requestsAt: number[] = [];
      const fixture = target.fixture;
      await type(engine, editorKey, typingKeystrokes, async (i) => {
        if (i === 0) startedAt = Date.now();
        if (i === refuseAt) {
          refusedAt = Date.now();
          await fixture.setFault('refuse');
        }
        if (i === recoverAt) {
          await fixture.setFault(null);
          recoveredAt = Date.now();
        }
      });
      for (const request of fixture.generateRequests()) if (request.time >= recoveredAt) requestsAt.push(request.time - recoveredAt);
      const firstSecond = requestsAt.filter((ms) => ms < 1000).length;
      // The same person at the same speed against the healthy server, before the refusal.
      const healthy = fixture.generateRequests().filter((r) => r.time >= startedAt && r.time < refusedAt).length;
      const { stats } = engine;
      engine.dispose();
      await until('fixture idle', () => target.inFlight() === 0);
      console.log(
        `recovery: ${stats.errors} failed requests while refused (${stats.requests} requests in all), ` +
          `${firstSecond} requests in the first second after the server came back (at ${requestsAt.map((ms) => `+${ms} ms`).join(', ') || 'none'}); ` +
          `${healthy} requests in the healthy first second of typing`,
      );
      assert.ok(stats.errors >= 1 && stats.errors <= 3, `${stats.errors} refused requests in 2.5 s: the back-off spaced them`);
      // One editor with a 300 ms first token cannot use more than about three requests a second;
      // a burst (queued keystrokes all firing, retries piling up) would be far more.
      // The same typing against the healthy server sent 3-4 a second.
      assert.ok(firstSecond <= Math.max(healthy, 3) + 1, `${firstSecond} requests in the first second after recovery, ${healthy} when healthy`);
      assert.ok(requestsAt.length >= 1, 'typing after the recovery sends requests again');
      assert.deepEqual(watch.escaped, []);
    } finally {
      watch.stop();
      await target.close();
    }
  });
});
