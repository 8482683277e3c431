// `npm run bench`, part 2: what DeepSeek's prompt cache makes of our prompt layout, against a
// sliding window, over a person retyping real files.
//
// 1. The typing replay (editorReplay.ts, virtual time) runs our engine over the files and keeps
//    every request it sent: where the cursor was, and the prompt our layout built.
// 2. The same requests, in the same order, are laid out twice: as our engine sent them
//    (buildPromptWindow: grid-anchored start, maxChars 6000, suffixShare 0.15), and as a sliding
//    window (the last N characters before the cursor cut at a line start, N the same budget).
//    Only the layout differs: same positions, same suffix, same answers.
// 3. Each layout's requests are billed by DeepSeek's cache model: through the fixture DeepSeek
//    server with the real DeepSeek backend when they are built (test/fixtures/deepseekFixture,
//    src/backends/deepseek/completion), and always by the documented estimate (promptCacheModel.ts)
//    in process, so the two can be compared.
//
//   node out/test/bench/cacheBench.js [--json]
import { StickyStart } from '../../src/backends/deepseek/stickyStart';
import { DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { buildFimPrompt } from '../../src/engine/fimTemplate';
import { defaultPrices, fmt, loadDataFiles, markdownTable, ratio, type Prices } from './benchStats';
import { replaySession, type ReplayFile, type StrategySpec } from './editorReplay';
import { billThroughFixture, type FixtureBill } from './fixtureBilling';
import { DEFAULT_MODEL_TIMING, type OracleCall } from './oracleModel';
import { PromptCacheModel, estimateTokens } from './promptCacheModel';
import { slidingPrefix } from './slidingWindow';
import { OURS } from './typingReplay';
import { DEFAULT_TYPING } from './typingPerson';
import { billedPerToken } from './billedBackend';

export interface LaidOutPrompt {
  readonly prefix: string;
  readonly suffix: string;
}

export interface Layout {
  readonly name: string;
  lay(call: OracleCall, fileText: string): LaidOutPrompt;
  /** Sent with the DeepSeek backend's sticky start (src/backends/deepseek/stickyStart.ts), as the extension sends. */
  readonly sticky: boolean;
}

export const OUR_LAYOUT: Layout = {
  name: 'ours, as sent to DeepSeek',
  lay: (call) => ({ prefix: call.request.prefix, suffix: call.request.suffix }),
  sticky: true,
};

/** The engine's window alone, without the backend's sticky start: what issue 4 measured. */
export const ENGINE_LAYOUT: Layout = {
  name: 'ours, engine window only',
  lay: OUR_LAYOUT.lay,
  sticky: false,
};

export const SLIDING_LAYOUT: Layout = {
  name: 'sliding window',
  sticky: false,
  lay: (call, fileText) => {
    const suffix = call.request.suffix;
    const budget = DEFAULT_ENGINE_SETTINGS.maxChars - suffix.length;
    return { prefix: slidingPrefix(fileText, call.cursor, budget), suffix };
  },
};

export interface RecordedRequest {
  readonly file: string;
  readonly prompt: LaidOutPrompt;
  /** What the model answered (the same for every layout); billed as completion tokens. */
  readonly completion: string;
  readonly maxTokens: number;
  readonly stop: readonly string[];
  /** The cursor was past the first maxChars characters of the file (both layouts must cut there). */
  readonly steady: boolean;
}

export interface LayoutBill {
  readonly layout: string;
  readonly billedBy: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly hitTokens: number;
  readonly missTokens: number;
  readonly completionTokens: number;
  /** Per file: hit share of prompt tokens. */
  readonly perFile: Record<string, number>;
  /** Hit share of prompt tokens over the steady requests only (cursor past the first maxChars characters). */
  readonly steadyShare: number;
}

function cost(bill: LayoutBill, prices: Prices): number {
  return (bill.hitTokens * prices.cacheHitPerMillion + bill.missTokens * prices.cacheMissPerMillion + bill.completionTokens * prices.outputPerMillion) / 1e6;
}

/** Bills the requests with the in-process estimate of the fixture's cache model (one API key), laid out as the backend sends them. */
export function billByEstimate(layout: string, requests: readonly RecordedRequest[], sticky: boolean): LayoutBill {
  const model = new PromptCacheModel();
  const start = sticky ? new StickyStart() : undefined;
  const perFileHits: Record<string, { hit: number; total: number }> = {};
  const steady = { hit: 0, total: 0 };
  let completionTokens = 0;
  for (const request of requests) {
    const prefix = start ? start.prefixFor({ model: '', prefix: request.prompt.prefix, suffix: request.prompt.suffix, maxTokens: request.maxTokens, temperature: 0, stop: request.stop }) : request.prompt.prefix;
    const bill = model.bill(buildFimPrompt(prefix, request.prompt.suffix));
    const entry = (perFileHits[request.file] ??= { hit: 0, total: 0 });
    entry.hit += bill.hitTokens;
    entry.total += bill.promptTokens;
    if (request.steady) {
      steady.hit += bill.hitTokens;
      steady.total += bill.promptTokens;
    }
    completionTokens += estimateTokens(request.completion);
  }
  const perFile: Record<string, number> = {};
  for (const [file, { hit, total }] of Object.entries(perFileHits)) perFile[file] = total === 0 ? 0 : hit / total;
  return {
    layout,
    billedBy: 'estimate',
    requests: model.requests,
    promptTokens: model.hitTokens + model.missTokens,
    hitTokens: model.hitTokens,
    missTokens: model.missTokens,
    completionTokens,
    perFile,
    steadyShare: steady.total === 0 ? Number.NaN : steady.hit / steady.total,
  };
}

function fromFixture(layout: string, bill: FixtureBill): LayoutBill {
  return { layout, billedBy: 'fixture', ...bill };
}

/** Prompt tokens and hits per request must agree between the fixture and the estimate. */
function crossCheck(fixture: LayoutBill, estimate: LayoutBill): string {
  const same = fixture.requests === estimate.requests && fixture.promptTokens === estimate.promptTokens && fixture.hitTokens === estimate.hitTokens;
  return same
    ? `${fixture.layout}: the fixture's billed prompt and hit tokens equal the estimate's exactly.`
    : `${fixture.layout}: the fixture billed ${fixture.requests} requests, ${fixture.promptTokens} prompt tokens, ${fixture.hitTokens} hits; the estimate ${estimate.requests}, ${estimate.promptTokens}, ${estimate.hitTokens}.`;
}

/** Our engine as it runs against the hosted API, which bills every request: no prefetch at Enter. */
const OURS_ON_THE_PAID_API: StrategySpec = {
  name: OURS.name,
  create: (deps) => {
    return OURS.create({ ...deps, backend: billedPerToken(deps.backend) });
  },
};

/** Replays the files with our engine and keeps its requests, each laid out by every layout. */
export async function recordRequests(files: readonly ReplayFile[], layouts: readonly Layout[]): Promise<Map<string, RecordedRequest[]>> {
  const session = await replaySession(OURS_ON_THE_PAID_API, files, {
    profile: DEFAULT_TYPING,
    timing: DEFAULT_MODEL_TIMING,
    editorDebounceMs: 50,
    maxTokens: DEFAULT_ENGINE_SETTINGS.maxTokens,
    keepCalls: true,
  });
  const byLayout = new Map<string, RecordedRequest[]>();
  for (const layout of layouts) {
    const requests: RecordedRequest[] = [];
    session.files.forEach((result, i) => {
      for (const call of result.calls) {
        requests.push({
          file: result.name,
          prompt: layout.lay(call, files[i].text),
          completion: call.answer.slice(0, call.streamedChars),
          maxTokens: call.request.maxTokens,
          stop: call.request.stop,
          steady: call.cursor > DEFAULT_ENGINE_SETTINGS.maxChars,
        });
      }
    });
    byLayout.set(layout.name, requests);
  }
  return byLayout;
}

export interface CacheBenchResult {
  readonly prices: Prices;
  readonly bills: LayoutBill[];
  readonly fixtureNote: string;
}

export async function runCacheBench(): Promise<CacheBenchResult> {
  const data = loadDataFiles();
  const files: ReplayFile[] = data.map((file) => ({ name: file.name, text: file.text }));
  const layouts = [OUR_LAYOUT, ENGINE_LAYOUT, SLIDING_LAYOUT];
  const recorded = await recordRequests(files, layouts);
  const prices = defaultPrices();
  const bills: LayoutBill[] = [];
  const notes: string[] = [];
  for (const layout of layouts) {
    const requests = recorded.get(layout.name) ?? [];
    const estimate = billByEstimate(layout.name, requests, layout.sticky);
    const viaFixture = await billThroughFixture(requests, layout.sticky);
    if (viaFixture.ok) {
      const billed = fromFixture(layout.name, viaFixture.bill);
      bills.push(billed);
      notes.push(`${layout.name}: ${requests.length} requests sent to the fixture DeepSeek server through the ${viaFixture.client}.`, crossCheck(billed, estimate));
    } else {
      notes.push(viaFixture.reason);
    }
    bills.push(estimate);
  }
  const fixtureNote = [...new Set(notes)].join(' ');
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ prices, bills, fixtureNote }, null, 2));
  } else {
    printReport(bills, prices, fixtureNote, data.map((f) => f.name));
  }
  return { prices, bills, fixtureNote };
}

function printReport(bills: readonly LayoutBill[], prices: Prices, fixtureNote: string, fileNames: readonly string[]): void {
  console.log('## DeepSeek prompt cache: our prompt layout vs a sliding window (same requests, same order)');
  console.log('');
  console.log(
    `Prices (the built-in table, "${prices.source}"): ${prices.currency} ${prices.cacheHitPerMillion} hit / ${prices.cacheMissPerMillion} miss / ${prices.outputPerMillion} output per million tokens. ` +
      `Budget: maxChars ${DEFAULT_ENGINE_SETTINGS.maxChars}, suffixShare ${DEFAULT_ENGINE_SETTINGS.suffixShare}.`,
  );
  if (fixtureNote) console.log(`Fixture: ${fixtureNote}`);
  console.log('');
  const ours = (billedBy: string) => bills.find((b) => b.layout === OUR_LAYOUT.name && b.billedBy === billedBy);
  const rows = bills.map((bill) => {
    const reference = ours(bill.billedBy);
    const money = (1000 * cost(bill, prices)) / bill.requests;
    const referenceMoney = reference ? (1000 * cost(reference, prices)) / reference.requests : Number.NaN;
    return [
      bill.layout,
      bill.billedBy,
      String(bill.requests),
      fmt(bill.promptTokens / bill.requests, 0),
      `${fmt((100 * bill.hitTokens) / bill.promptTokens)}%`,
      `${fmt(100 * bill.steadyShare)}%`,
      fmt(bill.completionTokens / bill.requests, 1),
      `${prices.currency === 'USD' ? '$' : `${prices.currency} `}${money.toFixed(4)}`,
      ratio(money, referenceMoney),
    ];
  });
  console.log(markdownTable(['layout', 'billed by', 'requests', 'prompt tokens / req', 'cache-hit share', `hit share past ${DEFAULT_ENGINE_SETTINGS.maxChars} chars`, 'output tokens / req', 'money / 1,000 completions', 'vs ours'], rows));
  console.log('');
  const fileRows = fileNames.map((name) => [name, ...bills.map((bill) => `${fmt(100 * (bill.perFile[name] ?? Number.NaN))}%`)]);
  console.log('Cache-hit share per file:');
  console.log(markdownTable(['file', ...bills.map((b) => `${b.layout} (${b.billedBy})`)], fileRows));
  console.log('');
  const mine = bills.find((b) => b.layout === OUR_LAYOUT.name);
  if (mine) {
    const share = (100 * mine.hitTokens) / mine.promptTokens;
    console.log(`Target: >= 85% of prompt tokens billed as cache hits as sent to DeepSeek ... ${share >= 85 ? 'MET' : 'MISSED'} (${fmt(share)}%, billed by ${mine.billedBy})`);
  }
}

if (require.main === module) {
  runCacheBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
