// What the spend meter shows against what the server bills, for one typing session on the
// fixture DeepSeek server (real time, real engine, real DeepSeek backend over 127.0.0.1). Three
// ways to treat a request the engine aborts after sending it (billed, but its usage never comes):
//   missed      today's meter before the fix: only reported usage counts
//   estimated   the extension's way: estimated from the prompt size, calibrated on recent usage
//   run-to-end  the request is left to finish in the background and its reported usage counted
//
//   node out/test/bench/abortedUsage.js [--chars N] [--first-token-ms N] [--per-token-ms N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeepSeekBackend } from '../../src/backends/deepseek/completion';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { DEFAULT_SPEND_PRICES, SpendMeter, type DayTotals } from '../../src/engine/spendMeter';
import { silentLogger, type CompletionBackend, type CompletionRequest, type StreamEvent, type TokenUsage } from '../../src/engine/types';
import { UsageCalibration, watchUnreportedUsage } from '../../src/engine/unreportedUsage';
import { FIXTURE_DEFAULT_KEY, startDeepSeekFixture } from '../fixtures/deepseekFixture';
import { textDocument } from '../support/textDocument';
import { DEFAULT_TYPING, linePauseMs, typingGapMs } from './typingPerson';

type Strategy = 'missed' | 'estimated' | 'run-to-end';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const CHARS = option('chars', 500);
/** Characters of the file above the typed part (the prompt's size, cache hits and misses grow with it). */
const CONTEXT = option('context', 6000);
const LATENCY = { firstTokenMs: option('first-token-ms', 300), perTokenMs: option('per-token-ms', 20) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function money(hit: number, miss: number, out: number): number {
  const p = DEFAULT_SPEND_PRICES;
  return (hit * p.cacheHitPerMillion + miss * p.cacheMissPerMillion + out * p.outputPerMillion) / 1e6;
}

/** The request keeps running after the engine lets go of it; its usage is recorded when it ends. */
function runToEnd(backend: CompletionBackend, record: (usage: TokenUsage) => void): CompletionBackend {
  const wrapped: CompletionBackend = Object.create(backend) as CompletionBackend;
  Object.defineProperty(wrapped, 'complete', {
    value: (request: CompletionRequest, signal: AbortSignal) => forward(backend.complete(request, new AbortController().signal)[Symbol.asyncIterator](), signal, record),
  });
  return wrapped;
}

async function* forward(inner: AsyncIterator<StreamEvent>, signal: AbortSignal, record: (usage: TokenUsage) => void): AsyncGenerator<StreamEvent> {
  let pending: Promise<IteratorResult<StreamEvent>> | undefined;
  const aborted = new Promise<'aborted'>((resolve) => (signal.aborted ? resolve('aborted') : signal.addEventListener('abort', () => resolve('aborted'), { once: true })));
  let ended = false;
  try {
    for (;;) {
      pending = inner.next();
      const next = await Promise.race([pending, aborted]);
      if (next === 'aborted') throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      pending = undefined;
      if (next.done) {
        ended = true;
        return;
      }
      if (next.value.type === 'done' && next.value.usage) record(next.value.usage);
      yield next.value;
    }
  } finally {
    if (!ended) void drain(inner, pending, record);
  }
}

async function drain(inner: AsyncIterator<StreamEvent>, pending: Promise<IteratorResult<StreamEvent>> | undefined, record: (usage: TokenUsage) => void): Promise<void> {
  try {
    for (let next = await (pending ?? inner.next()); !next.done; next = await inner.next()) {
      if (next.value.type === 'done' && next.value.usage) record(next.value.usage);
    }
  } catch {
    // The server went away: nothing more is billed.
  }
}

async function session(strategy: Strategy, above: string, truth: string): Promise<{ shown: DayTotals; billed: { requests: number; hit: number; miss: number; out: number }; aborted: number }> {
  const fixture = await startDeepSeekFixture();
  fixture.setLatency(LATENCY);
  // The model answers what the person is about to type: the rest of the line and the next one.
  const full = above + truth;
  fixture.setResponder((prompt) => {
    const tail = prompt.slice(-300);
    const rest = full.slice(full.indexOf(tail) + tail.length);
    const second = rest.indexOf('\n', rest.indexOf('\n') + 1);
    return second < 0 ? rest : rest.slice(0, second);
  });
  const meter = new SpendMeter({ load: () => undefined, save: () => undefined }, () => DEFAULT_SPEND_PRICES);
  const calibration = new UsageCalibration();
  const hosted = new DeepSeekBackend({ baseUrl: fixture.betaUrl, model: 'deepseek-v4-flash', apiKey: FIXTURE_DEFAULT_KEY });
  let backend: CompletionBackend = hosted;
  if (strategy === 'estimated') {
    backend = watchUnreportedUsage(hosted, {
      sent: (request) => calibration.sent(request),
      reported: (request, usage) => calibration.note(request, usage),
      unreported: (request, seq, streamed) => meter.record(calibration.estimate(request, seq, streamed), new Date(), true),
    });
  }
  if (strategy === 'run-to-end') backend = runToEnd(hosted, (usage) => meter.record(usage));
  const engine = new CompletionEngine({
    backend: () => backend,
    settings: () => DEFAULT_ENGINE_SETTINGS,
    log: silentLogger,
    // Usage that reached the engine: the meter's source for the first two strategies.
    events: strategy === 'run-to-end' ? {} : { onUsage: (usage) => meter.record(usage) },
  });
  const doc = textDocument('');
  let call: AbortController | undefined;
  let line = 0;
  for (let offset = 0; offset < truth.length; offset++) {
    const typed = above + truth.slice(0, offset + 1);
    doc.setText(typed);
    call?.abort();
    call = new AbortController();
    const lines = typed.split('\n');
    void engine.provide({ editorKey: 'session', document: doc, position: { line: lines.length - 1, character: lines[lines.length - 1].length } }, call.signal);
    if (truth[offset] === '\n') await sleep(linePauseMs(DEFAULT_TYPING, line++));
    else await sleep(typingGapMs(DEFAULT_TYPING, offset));
  }
  // Let the last request (and any left running) end.
  await sleep(LATENCY.firstTokenMs + 200 * LATENCY.perTokenMs + 1000);
  const totals = fixture.totals();
  const aborted = fixture.abortedCount;
  engine.dispose();
  await fixture.close();
  return { shown: meter.today(), billed: { requests: totals.requests, hit: totals.hitTokens, miss: totals.missTokens, out: totals.completionTokens }, aborted };
}

async function main(): Promise<void> {
  const source = readFileSync(join(__dirname, '../../../test/data/python-textwrap.py.txt'), 'utf8');
  const start = source.indexOf('def ', CONTEXT);
  const truth = source.slice(start, start + CHARS);
  const above = source.slice(0, start);
  console.log(`typing ${truth.length} chars below ${above.length} chars at ${DEFAULT_TYPING.charsPerSecond} chars/s; fixture first token ${LATENCY.firstTokenMs} ms, ${LATENCY.perTokenMs} ms/token; prices ${DEFAULT_SPEND_PRICES.source}`);
  console.log('| strategy | requests shown / billed | aborted | hit shown / billed | miss shown / billed | output shown / billed | money shown / billed | error |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const strategy of ['missed', 'estimated', 'run-to-end'] as const) {
    const { shown, billed, aborted } = await session(strategy, above, truth);
    const shownMoney = shown.cost[DEFAULT_SPEND_PRICES.currency] ?? 0;
    const billedMoney = money(billed.hit, billed.miss, billed.out);
    const error = ((shownMoney - billedMoney) / billedMoney) * 100;
    console.log(
      `| ${strategy} | ${shown.requests} / ${billed.requests} | ${aborted} | ${shown.cacheHitTokens} / ${billed.hit} | ${shown.cacheMissTokens} / ${billed.miss} | ${shown.completionTokens} / ${billed.out} | $${shownMoney.toFixed(6)} / $${billedMoney.toFixed(6)} | ${error >= 0 ? '+' : ''}${error.toFixed(1)}% |`,
    );
  }
}

void main();
