// The fault matrix at the engine level: the real CompletionEngine
// driving the real OllamaBackend (through the `ollama` client) and the real DeepSeekBackend
// (through the `openai` client) against the fixture servers, each broken in one documented way.
//
// Every case checks what a user would notice:
//  - nothing escapes: no unhandled rejection or uncaught exception while it runs;
//  - the request ends with the BackendError kind the status bar turns into its state
//    (src/vscode/statusBar.ts ERROR_TEXT), reported through events.onRequestEnd;
//  - no request storm: 20 more keystrokes during the back-off send at most one request;
//  - recovery on its own: once the server is healthy and the back-off has run out, the next
//    keystroke gets a completion (failures only the user can fix wait for engine.reset(),
//    which the editor layer calls when the key or the settings change);
//  - the API key is in no error text and no log line, also after 401 and 402.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { OllamaBackend } from '../../src/backends/ollama/completion';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineCompletion, type EngineSettings, type RequestEndInfo } from '../../src/engine/completionEngine';
import type { BackendErrorKind } from '../../src/engine/errors';
import { SPECIAL_TOKENS } from '../../src/engine/fimTemplate';
import type { CompletionBackend, Logger } from '../../src/engine/types';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture, type DeepSeekFixture, type FixtureFault } from '../fixtures/deepseekFixture';
import { startOllamaFixture, type OllamaFault, type OllamaFixture } from '../fixtures/ollamaFixture';
import { withCursor } from '../support/textDocument';

const OLLAMA_MODEL = 'deepseek-coder:1.3b-base';
const DEEPSEEK_MODEL = 'deepseek-v4-flash';
const API_KEY = FIXTURE_DEFAULT_KEY;
/** DeepSeek's 401 text quotes this ("****Q7zX"): it must not reach any message or log line. */
const KEY_TAIL = API_KEY.slice(-4);

/** What the healthy fixtures answer: one line, so that the single-line position shows it whole. */
const ANSWER = 'compute_total(items)';
/** Characters typed during the back-off: they never match ANSWER, so nothing is served from the cache. */
const TYPED = 'abcdefghijklmnopqrstu';
const STORM_KEYSTROKES = 20;
const KEYSTROKE_GAP_MS = 10;

/** A small request timeout, so that "accepts but never answers" costs a quarter of a second. */
const MATRIX_SETTINGS: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, debounceMs: 0, requestTimeoutMs: 250, maxGenerationMs: 2000 };

// ---------------------------------------------------------------------------------------------
// What must never happen anywhere in this file.

const escaped: string[] = [];
const onUnhandled = (reason: unknown) => void escaped.push(`unhandledRejection: ${describeValue(reason)}`);
const onUncaught = (error: unknown) => void escaped.push(`uncaughtException: ${describeValue(error)}`);
const onWarning = (warning: Error) => {
  // A listener leak (an AbortSignal or socket that keeps collecting listeners) shows up here.
  if (warning.name === 'MaxListenersExceededWarning') escaped.push(`warning: ${warning.message}`);
};

function describeValue(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}

before(() => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUncaught);
  process.on('warning', onWarning);
});

after(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUncaught);
  process.off('warning', onWarning);
  assert.deepEqual(escaped, [], 'nothing escaped during the whole matrix');
});

// ---------------------------------------------------------------------------------------------
// Helpers.

function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { log: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
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

/** A fetch that counts completion requests as the client sends them: refused connections too. */
function countingFetch(pathPattern: RegExp): { fetch: typeof fetch; count: () => number } {
  let count = 0;
  const counted: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (pathPattern.test(new URL(url).pathname)) count++;
    return fetch(input, init);
  };
  return { fetch: counted, count: () => count };
}

/** global.gc when node runs with --expose-gc; the measurements are coarser without it. */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Samples heapUsed every millisecond or so, to catch a peak that is gone by the end. */
class HeapSampler {
  private peak: number;
  private readonly timer: ReturnType<typeof setInterval>;

  private constructor(private readonly baseline: number) {
    this.peak = baseline;
    this.timer = setInterval(() => this.sample(), 1);
  }

  static start(): HeapSampler {
    collectGarbage?.();
    return new HeapSampler(process.memoryUsage().heapUsed);
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed);
  }

  /** Peak growth over the baseline, in bytes. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peak - this.baseline;
  }
}

/** One editor: the text typed after `result = `, the previous keystroke cancelled on each new one (as VS Code does). */
class Editor {
  private previous: AbortController | undefined;

  constructor(
    private readonly engine: CompletionEngine,
    private readonly key: string,
  ) {}

  /** Types `typed` (the whole text after `result = `) and returns the provider call. */
  keystroke(typed: string): Promise<EngineCompletion | undefined> {
    this.previous?.abort();
    const controller = new AbortController();
    this.previous = controller;
    const { doc, position } = withCursor(`def total(items):\n    result = ${typed}|\n    return result\n`);
    return this.engine.provide({ editorKey: this.key, document: doc, position }, controller.signal);
  }
}

// ---------------------------------------------------------------------------------------------
// The two targets: one fixture and one backend kind each, behind one shape.

interface Target<F> {
  readonly name: string;
  /** A fresh backend for one case, logging into that case's logger. */
  backend(log: Logger, options?: { model?: string }): CompletionBackend;
  /** Completion requests the fixture received. */
  received(): number;
  /** Completion requests the client tried to send (a refused connection counts too). */
  attempted(): number;
  /** Completion requests the client left before their end. */
  abortedByClient(): number;
  /** Characters of answer text the fixture has written so far (all requests). */
  answerCharsSent(): number;
  inFlight(): number;
  setFault(fault: F | null): Promise<void>;
  setAnswer(text: string): void;
  close(): Promise<void>;
}

async function ollamaTarget(): Promise<Target<OllamaFault> & { fixture: OllamaFixture }> {
  const fixture = await startOllamaFixture({ models: [OLLAMA_MODEL], latency: { firstTokenMs: 5, perTokenMs: 1 } });
  const counter = countingFetch(/\/api\/generate$/);
  return {
    name: 'Ollama',
    fixture,
    backend: (log, options) => new OllamaBackend({ host: fixture.url, model: options?.model ?? OLLAMA_MODEL, keepAlive: '30m', log, fetch: counter.fetch }),
    received: () => fixture.generateRequests().length,
    attempted: counter.count,
    abortedByClient: () => fixture.abortedCount,
    // NDJSON lines carry a few dozen bytes of JSON around each token: close enough for a bound.
    answerCharsSent: () => fixture.generateRequests().reduce((sum, r) => sum + r.bytesSent, 0),
    inFlight: () => fixture.inFlight,
    setFault: (fault) => fixture.setFault(fault),
    setAnswer: (text) => fixture.setResponder(() => text),
    close: () => fixture.close(),
  };
}

async function deepSeekTarget(): Promise<Target<FixtureFault> & { fixture: DeepSeekFixture }> {
  const fixture = await startDeepSeekFixture();
  const counter = countingFetch(/\/completions$/);
  return {
    name: 'DeepSeek',
    fixture,
    backend: (log, options) => new DeepSeekBackend({ baseUrl: fixture.betaUrl, model: options?.model ?? DEEPSEEK_MODEL, apiKey: API_KEY, log, fetch: counter.fetch }),
    received: () => fixture.completionRequests().length,
    attempted: counter.count,
    abortedByClient: () => fixture.abortedCount,
    // The fixture bills what it streamed at one token per 4 characters.
    answerCharsSent: () => fixture.totals().completionTokens * 4,
    inFlight: () => fixture.inFlight,
    setFault: (fault) => fixture.setFault(fault),
    setAnswer: (text) => fixture.setResponder(() => text),
    close: () => fixture.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// The cases.

type Expected =
  /** A transient failure: back off quietly, then resume on its own. */
  | { readonly kind: BackendErrorKind; readonly needsUser?: false }
  /** A failure only the user can fix: no request at all until reset (new key, top-up, resume). */
  | { readonly kind: BackendErrorKind; readonly needsUser: true }
  /** Not a failure: the answer is cut or cleaned and what is left is served. */
  | { readonly kind: 'ok'; readonly shows: 'prefix' | 'nothing' | 'answer' | 'otherLine' };

interface FaultCase<F> {
  readonly name: string;
  /** Absent when the fault is a setting (see `model`). */
  readonly fault?: F;
  readonly expected: Expected;
  /** What the fixture answers while the fault is on (ANSWER if absent). */
  readonly answerDuringFault?: string;
  readonly settings?: Partial<EngineSettings>;
  /** A model other than the installed / offered one: the fault is the setting, healed by switching. */
  readonly model?: string;
  /** Extra checks once the failing request ended. */
  readonly check?: (facts: CaseFacts) => void | Promise<void>;
  /** Sample the heap while the first request runs (see CaseFacts.heapGrowthBytes). */
  readonly measureHeap?: boolean;
}

interface CaseFacts {
  readonly end: RequestEndInfo;
  readonly first: EngineCompletion | undefined;
  readonly firstMs: number;
  readonly settings: EngineSettings;
  readonly abortedBefore: number;
  readonly charsSentBefore: number;
  readonly target: Target<unknown>;
  /** Highest heapUsed while the first request ran, minus heapUsed before it (after a GC when exposed). */
  readonly heapGrowthBytes: number;
}

/** The fixture saw the client leave: the HTTP request itself was cancelled, not just ignored. */
async function clientLeft(facts: CaseFacts): Promise<void> {
  await until(`${facts.target.name} fixture sees the request cancelled`, () => facts.target.abortedByClient() > facts.abortedBefore && facts.target.inFlight() === 0);
}

const timedOut = async (facts: CaseFacts) => {
  // The setting, not the client's own 60 s timeout, ended it.
  assert.ok(facts.end.latencyMs >= facts.settings.requestTimeoutMs - 20 && facts.end.latencyMs < facts.settings.requestTimeoutMs + 1000, `ended after ${facts.end.latencyMs} ms`);
  await clientLeft(facts);
};

const dripCut = async (facts: CaseFacts) => {
  // maxGenerationMs cut the one-token-a-second stream and what had arrived was shown.
  const { maxGenerationMs } = facts.settings;
  assert.ok(facts.firstMs >= maxGenerationMs - 50 && facts.firstMs < maxGenerationMs + 1000, `served after ${facts.firstMs} ms`);
  assert.ok(facts.first && facts.first.insertText.length < ANSWER.length, `a part of the answer: ${facts.first?.insertText}`);
  await clientLeft(facts);
};

/** Reading stopped at the first special token: nothing after it was kept, let alone shown. */
const keptUpToToken = (textBeforeToken: string) => (facts: CaseFacts) => {
  assert.equal(facts.end.chars, textBeforeToken.length, 'characters kept from the answer');
};

/** 10 MB streamed: a buffered answer would take at least that much heap (twice as UTF-16). */
const HUGE_ANSWER_BYTES = 10 * 1024 * 1024;
const heapFigures: string[] = [];

const capped = async (facts: CaseFacts) => {
  await clientLeft(facts);
  const sent = facts.target.answerCharsSent() - facts.charsSentBefore;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  heapFigures.push(`${facts.target.name}: fixture wrote ${mb(sent)} MB of the 10 MB answer, heap peak +${mb(facts.heapGrowthBytes)} MB${collectGarbage ? '' : ' (no --expose-gc)'}`);
  // The engine stopped reading after the first line: the fixture never got to write it all
  // (what it did write is mostly the loopback socket's buffers, a few MB on Linux).
  assert.ok(sent < HUGE_ANSWER_BYTES * 0.8, `${sent} bytes written before the client left`);
  // Loose enough for socket buffers and the clients' own chunks, far below a buffered answer.
  assert.ok(facts.heapGrowthBytes < (collectGarbage ? 8 : 16) * 1024 * 1024, `heap grew by ${facts.heapGrowthBytes} bytes`);
  assert.ok(facts.first && !facts.first.insertText.includes('\n') && facts.first.insertText.length < 200, `one line shown: ${facts.first?.insertText.slice(0, 80)}`);
};

const DRIP_SETTINGS: Partial<EngineSettings> = { requestTimeoutMs: 1500, maxGenerationMs: 2200 };

/** Run one at a time, apart from the rest, so that the heap figures are this case's own. */
const OLLAMA_HUGE: FaultCase<OllamaFault> = { name: 'a 10 MB answer', fault: 'huge', expected: { kind: 'ok', shows: 'otherLine' }, measureHeap: true, check: capped };
const DEEPSEEK_HUGE: FaultCase<FixtureFault> = { name: 'a 10 MB answer', fault: 'huge', expected: { kind: 'ok', shows: 'otherLine' }, measureHeap: true, check: capped };

const OLLAMA_CASES: FaultCase<OllamaFault>[] = [
  { name: 'connection refused', fault: 'refuse', expected: { kind: 'unreachable' } },
  { name: 'accepts but never answers', fault: 'hang', expected: { kind: 'timeout' }, check: timedOut },
  // Ollama sends its first token (and its headers) after a second: the first-token limit must be longer.
  { name: 'slow drip, one token a second', fault: 'drip', expected: { kind: 'ok', shows: 'prefix' }, settings: DRIP_SETTINGS, check: dripCut },
  { name: 'cut mid-stream', fault: 'cutMidStream', expected: { kind: 'server' } },
  { name: 'malformed NDJSON line', fault: 'malformedLine', expected: { kind: 'malformed' } },
  { name: 'output of only FIM tokens and EOS', fault: 'fimTokens', answerDuringFault: '', expected: { kind: 'ok', shows: 'nothing' }, check: keptUpToToken('') },
  { name: 'code, then FIM tokens and EOS', fault: 'fimTokens', expected: { kind: 'ok', shows: 'answer' }, check: keptUpToToken(ANSWER) },
  { name: '400 "does not support insert"', fault: { status: 400 }, expected: { kind: 'badRequest' } },
  { name: '404 model not found', fault: { status: 404 }, expected: { kind: 'modelMissing' } },
  { name: '422 (a proxy in front)', fault: { status: 422 }, expected: { kind: 'badRequest' } },
  { name: '500 runner crashed', fault: { status: 500 }, expected: { kind: 'server' } },
  { name: '503 queue full', fault: { status: 503 }, expected: { kind: 'server' } },
  { name: 'in-stream {"error"} line with status 200', fault: 'inStreamError', expected: { kind: 'server' } },
  { name: 'a model that is not pulled (the setting)', model: 'deepseek-coder:6.7b-base', expected: { kind: 'modelMissing' } },
];

const DEEPSEEK_CASES: FaultCase<FixtureFault>[] = [
  { name: 'connection refused', fault: 'refuse', expected: { kind: 'unreachable' } },
  { name: 'accepts but never answers', fault: 'hang', expected: { kind: 'timeout' }, check: timedOut },
  { name: 'slow drip, one token a second', fault: 'drip', expected: { kind: 'ok', shows: 'prefix' }, settings: DRIP_SETTINGS, check: dripCut },
  // The openai client reports a socket cut after the headers as a connection failure.
  { name: 'cut mid-stream', fault: 'cutMidStream', expected: { kind: 'unreachable' } },
  { name: 'malformed SSE event', fault: 'malformedEvent', expected: { kind: 'malformed' } },
  { name: 'output of only FIM tokens and EOS', fault: 'fimTokens', answerDuringFault: '', expected: { kind: 'ok', shows: 'nothing' }, check: keptUpToToken('') },
  { name: 'code, then FIM tokens and EOS', fault: 'fimTokens', expected: { kind: 'ok', shows: 'answer' }, check: keptUpToToken(ANSWER) },
  { name: '400 invalid request', fault: { status: 400 }, expected: { kind: 'badRequest' } },
  { name: '401 key rejected (the text quotes the key tail)', fault: { status: 401 }, expected: { kind: 'unauthorized', needsUser: true } },
  { name: '402 insufficient balance', fault: { status: 402 }, expected: { kind: 'noBalance', needsUser: true } },
  { name: '404 no such endpoint', fault: { status: 404 }, expected: { kind: 'badRequest' } },
  { name: '422 invalid parameters', fault: { status: 422 }, expected: { kind: 'badRequest' } },
  { name: '429 rate limit', fault: { status: 429 }, expected: { kind: 'rateLimited' } },
  { name: '500 server error', fault: { status: 500 }, expected: { kind: 'server' } },
  { name: '503 overloaded', fault: { status: 503 }, expected: { kind: 'server' } },
  { name: '400 "Model Not Exist" (a retired model in the setting)', model: 'deepseek-chat', expected: { kind: 'modelMissing' } },
];

/** Figures for the report, printed once at the end. */
const figures = { casesRun: 0, casesSurvived: 0, stormKeystrokes: 0, stormRequests: 0 };

async function runCase<F>(target: Target<F>, c: FaultCase<F>): Promise<void> {
  figures.casesRun++;
  const escapedBefore = escaped.length;
  const { log, lines } = capturingLogger();
  const ends: RequestEndInfo[] = [];
  const settings: EngineSettings = { ...MATRIX_SETTINGS, ...c.settings };
  let backend = target.backend(log, c.model ? { model: c.model } : undefined);
  const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log, events: { onRequestEnd: (info) => ends.push(info) } });
  const editor = new Editor(engine, `editor:${target.name}:${c.name}`);
  target.setAnswer(c.answerDuringFault ?? ANSWER);
  await target.setFault(c.fault ?? null);
  try {
    // 1. The keystroke that meets the fault.
    const before = { received: target.received(), attempted: target.attempted(), aborted: target.abortedByClient(), charsSent: target.answerCharsSent() };
    const heap = c.measureHeap ? HeapSampler.start() : undefined;
    const started = performance.now();
    const first = await editor.keystroke('');
    const firstMs = performance.now() - started;
    await until('the request ended', () => ends.length >= 1);
    const heapGrowthBytes = heap?.stop() ?? 0;
    const end = ends[0];
    assert.equal(target.attempted() - before.attempted, 1, 'one keystroke, one request');

    // 2. The right state for the status bar.
    if (c.expected.kind === 'ok') {
      assert.equal(end.outcome, 'ok', `outcome (error: ${end.error?.kind} ${end.error?.message})`);
      assert.equal(end.error, undefined);
      if (c.expected.shows === 'nothing') assert.equal(first, undefined, 'nothing is shown');
      if (c.expected.shows === 'answer') assert.equal(first?.insertText, ANSWER);
      if (c.expected.shows === 'prefix') assert.ok(first && first.insertText.length > 0 && ANSWER.startsWith(first.insertText), `a prefix of the answer: ${first?.insertText}`);
    } else {
      assert.equal(end.outcome, 'error');
      assert.equal(end.error?.kind, c.expected.kind, `kind (message: ${end.error?.message})`);
    }
    // Whatever is shown is a piece of the model's answer: never an error text or a special token.
    if (first && !(c.expected.kind === 'ok' && c.expected.shows === 'otherLine')) {
      assert.ok(ANSWER.startsWith(first.insertText), `shown: ${JSON.stringify(first.insertText)}`);
      for (const token of SPECIAL_TOKENS) assert.ok(!first.insertText.includes(token));
    }
    await c.check?.({ end, first, firstMs, settings, abortedBefore: before.aborted, charsSentBefore: before.charsSent, target: target as Target<unknown>, heapGrowthBytes });

    // 3. No storm: 20 keystrokes during the back-off send at most one request (none when the user must act).
    if (c.expected.kind !== 'ok') {
      const stormStart = { received: target.received(), attempted: target.attempted() };
      const pending: Promise<unknown>[] = [];
      for (let i = 1; i <= STORM_KEYSTROKES; i++) {
        pending.push(editor.keystroke(TYPED.slice(0, i)));
        await sleep(KEYSTROKE_GAP_MS);
      }
      await Promise.all(pending);
      const sent = target.attempted() - stormStart.attempted;
      figures.stormKeystrokes += STORM_KEYSTROKES;
      figures.stormRequests += sent;
      assert.ok(sent <= (c.expected.needsUser ? 0 : 1), `${sent} requests sent for ${STORM_KEYSTROKES} keystrokes during the back-off`);
      assert.ok(target.received() - stormStart.received <= sent);
    }

    // 4. The server is healthy again (or the setting was fixed).
    await target.setFault(null);
    target.setAnswer(ANSWER);
    if (c.model) backend = target.backend(log);
    if (c.expected.kind !== 'ok' && c.expected.needsUser) {
      // Time alone does not lift it: the key or the balance must change first.
      await sleep(1100);
      const stillBlocked = target.attempted();
      assert.equal(await editor.keystroke(TYPED), undefined, 'no completion before the user acts');
      assert.equal(target.attempted(), stillBlocked, 'no request before the user acts');
      engine.reset();
    } else {
      await sleep(engine.backoffLeftMs(performance.now()) + 20);
    }
    const recovered = await editor.keystroke(`${TYPED}v`);
    assert.equal(recovered?.insertText, ANSWER, 'the next keystroke after the back-off gets a completion');
    assert.equal(ends.at(-1)?.outcome, 'ok');

    // 5. Nothing escaped, nothing left running, the key nowhere.
    await until(`${target.name} fixture idle`, () => target.inFlight() === 0);
    assertNoKey(ends, lines);
    assert.deepEqual(escaped.slice(escapedBefore), [], 'no unhandled rejection or uncaught exception');
    figures.casesSurvived++;
  } finally {
    engine.dispose();
    await target.setFault(null);
  }
}

function assertNoKey(ends: readonly RequestEndInfo[], lines: readonly string[]): void {
  for (const { error } of ends) {
    if (!error) continue;
    for (const text of [error.message, error.detail ?? '', String(error), error.stack ?? '']) {
      assert.ok(!text.includes(API_KEY), `the key is in an error text: ${text}`);
      assert.ok(!text.includes(KEY_TAIL), `the key's tail is in an error text: ${text}`);
    }
  }
  for (const line of lines) {
    assert.ok(!line.includes(API_KEY), `the key is in the log: ${line}`);
    assert.ok(!line.includes(KEY_TAIL), `the key's tail is in the log: ${line}`);
  }
}

// The two backends run side by side (each its own fixture and counters); the cases of one
// backend run one after the other, since they share that fixture.
describe('fault matrix at the engine level', { concurrency: 2 }, () => {
  describe('Ollama backend through the ollama client', { concurrency: 1 }, () => {
    let target: Awaited<ReturnType<typeof ollamaTarget>>;
    before(async () => {
      target = await ollamaTarget();
    });
    after(async () => {
      await target.close();
    });
    for (const c of OLLAMA_CASES) it(`${c.name} -> ${c.expected.kind}`, () => runCase(target, c));
  });

  describe('DeepSeek backend through the openai client', { concurrency: 1 }, () => {
    let target: Awaited<ReturnType<typeof deepSeekTarget>>;
    before(async () => {
      target = await deepSeekTarget();
    });
    after(async () => {
      await target.close();
    });
    for (const c of DEEPSEEK_CASES) it(`${c.name} -> ${c.expected.kind}`, () => runCase(target, c));

    it('the key goes only into the Authorization header: never into a path or a body', () => {
      const requests = target.fixture.requests;
      assert.ok(requests.length > 0);
      for (const request of requests) {
        assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
        assert.ok(!request.path.includes(KEY_TAIL));
        assert.ok(!JSON.stringify(request.body ?? '').includes(KEY_TAIL));
      }
    });
  });
});

describe('a 10 MB answer is capped: the engine stops reading, memory stays small', { concurrency: 1 }, () => {
  it(`Ollama: ${OLLAMA_HUGE.name} -> one line shown`, async () => {
    const target = await ollamaTarget();
    try {
      await runCase(target, OLLAMA_HUGE);
    } finally {
      await target.close();
    }
  });
  it(`DeepSeek: ${DEEPSEEK_HUGE.name} -> one line shown`, async () => {
    const target = await deepSeekTarget();
    try {
      await runCase(target, DEEPSEEK_HUGE);
    } finally {
      await target.close();
    }
  });
});

after(() => {
  for (const line of heapFigures) console.log(`10 MB answer, ${line}`);
  console.log(
    `fault matrix: ${figures.casesRun} cases run, ${figures.casesSurvived} survived; ` +
      `${figures.stormRequests} requests for ${figures.stormKeystrokes} keystrokes typed during back-offs`,
  );
});
