// `npm run bench`, part 3: what prediction on show costs on the DeepSeek API, which bills every
// request. The typing replay runs twice with our engine against a model billed per token (as the
// DeepSeek backend is): predictions off (the default before them) and on. Every request each run
// sent is billed, in order, by DeepSeek's prompt-cache model (promptCacheModel.ts, which agrees
// with the fixture DeepSeek server to the token: see cacheBench.ts), at the package.json prices.
//
// The replay's model is always right, so the person accepts nearly every prediction's
// completion there; a real person accepts far fewer. What a prediction costs when its completion
// is not accepted is the price of its own request, so the report also gives that price (mean
// over the predictions sent) and what it adds per 1,000 completions shown at lower acceptance
// rates: the figure the default for the DeepSeek API is chosen from.
//
//   node out/test/bench/predictionCost.js
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/completionEngine';
import { buildFimPrompt } from '../../src/engine/fimTemplate';
import { silentLogger, type CompletionRequest } from '../../src/engine/types';
import { defaultPrices, fmt, loadDataFiles, markdownTable, sum, type Prices } from './benchStats';
import { replaySession, type ReplayFile, type StrategySpec } from './editorReplay';
import { DEFAULT_MODEL_TIMING, type OracleCall } from './oracleModel';
import { PromptCacheModel, estimateTokens } from './promptCacheModel';
import { DEFAULT_TYPING } from './typingPerson';
import { billedPerToken } from './billedBackend';

interface PaidRun {
  readonly label: string;
  readonly calls: OracleCall[];
  /** The requests the engine sent as predictions on show. */
  readonly predictions: ReadonlySet<CompletionRequest>;
  readonly shownPredictions: number;
  readonly charsProduced: number;
  readonly appearancesAfterAccept: number[];
}

/** Our engine with these settings, its model billed per token as the DeepSeek backend is. */
function oursOnThePaidApi(settings: EngineSettings, predictions: Set<CompletionRequest>): StrategySpec {
  return {
    name: 'ours',
    create: (deps) => {
      const billed = billedPerToken(deps.backend);
      const engine = new CompletionEngine({ backend: () => billed, settings: () => settings, log: silentLogger, now: deps.now, events: { onLateCompletion: (key) => deps.onLateCompletion(key) } });
      // Which requests were predictions: recorded as the engine tracks them.
      const track = engine.predictions.track.bind(engine.predictions);
      engine.predictions.track = (key, prediction) => {
        predictions.add(prediction.request.request);
        track(key, prediction);
      };
      return engine;
    },
  };
}

async function paidRun(label: string, settings: EngineSettings, files: readonly ReplayFile[]): Promise<PaidRun> {
  const predictions = new Set<CompletionRequest>();
  const session = await replaySession(oursOnThePaidApi(settings, predictions), files, {
    profile: DEFAULT_TYPING,
    timing: DEFAULT_MODEL_TIMING,
    editorDebounceMs: 50,
    maxTokens: settings.maxTokens,
    keepCalls: true,
  });
  return {
    label,
    calls: session.files.flatMap((file) => file.calls),
    predictions,
    shownPredictions: session.predictions.shown,
    charsProduced: sum(session.files.map((file) => file.charsProduced)),
    appearancesAfterAccept: session.files.flatMap((file) => file.appearances.filter((a) => a.after === 'accept').map((a) => a.ms)),
  };
}

interface RunBill {
  readonly money: number;
  readonly hitShare: number;
  readonly predictionMoney: number;
  readonly predictionHitShare: number;
}

/** Bills every call in order as one API key; the predictions' share is summed apart. */
function bill(run: PaidRun, prices: Prices): RunBill {
  const model = new PromptCacheModel();
  let money = 0;
  let predictionMoney = 0;
  let predictionHit = 0;
  let predictionPrompt = 0;
  for (const call of run.calls) {
    const prompt = model.bill(buildFimPrompt(call.request.prefix, call.request.suffix));
    const output = estimateTokens(call.answer.slice(0, call.streamedChars));
    const cost = (prompt.hitTokens * prices.cacheHitPerMillion + prompt.missTokens * prices.cacheMissPerMillion + output * prices.outputPerMillion) / 1e6;
    money += cost;
    if (run.predictions.has(call.request)) {
      predictionMoney += cost;
      predictionHit += prompt.hitTokens;
      predictionPrompt += prompt.promptTokens;
    }
  }
  return { money, hitShare: model.hitTokens / (model.hitTokens + model.missTokens), predictionMoney, predictionHitShare: predictionPrompt === 0 ? Number.NaN : predictionHit / predictionPrompt };
}

export async function runPredictionCost(): Promise<void> {
  const data = loadDataFiles();
  const files: ReplayFile[] = data.map((file) => ({ name: file.name, text: file.text }));
  const prices = defaultPrices();
  const off = await paidRun('predictions off', { ...DEFAULT_ENGINE_SETTINGS, speculativeWhenBilled: false }, files);
  const on = await paidRun('predictions on', { ...DEFAULT_ENGINE_SETTINGS, speculativeWhenBilled: true }, files);
  const bills = [off, on].map((run) => ({ run, bill: bill(run, prices) }));
  const dollars = (value: number, decimals = 4) => `$${value.toFixed(decimals)}`;
  console.log('## Prediction on show against a model billed per token (DeepSeek prompt-cache model, package.json prices)');
  console.log('');
  const rows = bills.map(({ run, bill: b }) => {
    const sorted = [...run.appearancesAfterAccept].sort((x, y) => x - y);
    return [
      run.label,
      String(run.calls.length),
      `${run.predictions.size} / ${run.shownPredictions}`,
      `${fmt(100 * b.hitShare)}%`,
      dollars(b.money),
      dollars((100_000 * b.money) / run.charsProduced),
      String(sorted.length === 0 ? '-' : sorted[Math.ceil(sorted.length / 2) - 1]),
    ];
  });
  console.log(markdownTable(['run', 'requests', 'predictions sent / shown', 'cache-hit share', 'money, whole replay', 'money / 100k chars', 'after-accept ghost p50 (ms)'], rows));
  const predicting = bills[1];
  const perPrediction = predicting.run.predictions.size === 0 ? Number.NaN : predicting.bill.predictionMoney / predicting.run.predictions.size;
  const perRequestOff = bills[0].bill.money / bills[0].run.calls.length;
  console.log('');
  console.log(
    `A prediction costs ${dollars(perPrediction, 6)} on average (${fmt(100 * predicting.bill.predictionHitShare)}% of its prompt tokens billed as cache hits: it extends the prompt just sent); ` +
      `a request with predictions off costs ${dollars(perRequestOff, 6)}. Money for the replay: ${dollars(bills[0].bill.money)} off, ${dollars(predicting.bill.money)} on (${fmt((100 * (predicting.bill.money - bills[0].bill.money)) / bills[0].bill.money)}%).`,
  );
  // A completion that is not accepted leaves its prediction unused: that request is the extra cost.
  const shownPer1000 = (acceptance: number) => (1000 * (1 - acceptance) * perPrediction);
  const baseline = 1000 * perRequestOff;
  console.log('Extra spend per 1,000 completions shown, by the share the person accepts (an accepted one replaces the request its accept would send):');
  console.log(
    markdownTable(
      ['accepted', 'extra per 1,000 shown', 'vs 1,000 requests without predictions'],
      [0.9, 0.5, 0.3, 0.2].map((acceptance) => [`${fmt(100 * acceptance, 0)}%`, dollars(shownPer1000(acceptance)), `+${fmt((100 * shownPer1000(acceptance)) / baseline, 0)}%`]),
    ),
  );
}

if (require.main === module) {
  runPredictionCost().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
