// `npm run bench`, part 8: the typing replay on a laptop. The same person types the same files
// (the single files of part 1, and the regions of part 3's packages with repository context on)
// against a modelled local server that pays for every prompt token its KV cache lacks and
// serves one request at a time (test/fixtures/kvCacheModel.ts), at 0.5 and 2.5 ms per prompt
// token, next to the same typing at a fixed first-token latency with the same generation speed.
// Also the same engine with the typed part of the line left at the end of the prefix (the layout
// before issue 20) at 2.5 ms: what the layout alone is worth here. The oracle is always right, so
// within a line it is rarely asked again; a model that is often wrong is asked at many keystrokes
// of a line, and there the layout saves a read of the whole suffix each time (the real-VS-Code
// test in test/e2e/ghostText.test.ts). Virtual clock: every figure is the same on every run.
//
//   node out/test/bench/laptopBench.js [--json]
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/completionEngine';
import { silentLogger } from '../../src/engine/types';
import { KvCacheModel, LAPTOP_COST } from '../fixtures/kvCacheModel';
import { fmt, loadDataFiles, markdownTable, percentile, sum } from './benchStats';
import { loadProjects, materialFor, workloadFiles } from './crossFileProjects';
import { replaySession, type FileResult, type ReplayFile, type ReplayOptions, type StrategySpec } from './editorReplay';
import { LaptopServer, type PromptLayout, type ServedPrompt } from './laptopServer';
import { GatedOracle } from './knowledgeGate';
import { DEFAULT_MODEL_TIMING, OracleModel, type ModelTiming } from './oracleModel';
import { DEFAULT_TYPING } from './typingPerson';

/** A laptop decodes at about this pace (a 6.7B model on a laptop GPU). */
const GENERATION_MS_PER_TOKEN = LAPTOP_COST.msPerGeneratedToken;
const TIMING: ModelTiming = { ...DEFAULT_MODEL_TIMING, perTokenMs: GENERATION_MS_PER_TOKEN };
/** A file just opened is looked at before the first keystroke: two seconds, a quick look. */
const LOOK_BEFORE_TYPING_MS = 2000;
const OPTIONS: ReplayOptions = { profile: DEFAULT_TYPING, timing: TIMING, editorDebounceMs: 50, maxTokens: DEFAULT_ENGINE_SETTINGS.maxTokens, lookBeforeTypingMs: LOOK_BEFORE_TYPING_MS };

/** The targets of issue 20. */
const TARGETS = { keptPct: 95, withinLineP50Tokens: 16, ghostP90Ms: 400 };

interface Workload {
  readonly name: string;
  readonly files: readonly ReplayFile[];
  /** Other files' material per editor key, when repository context is on. */
  readonly material?: ReadonlyMap<string, { material: ReturnType<typeof materialFor>; path: string }>;
}

/** How the server answers: fixed first-token latency, or the KV-cache model at a prompt-token cost with a layout. */
type ServerSpec = { readonly kind: 'fixed' } | { readonly kind: 'laptop'; readonly msPerPromptToken: number; readonly layout: PromptLayout };

export interface RunFigures {
  readonly label: string;
  readonly savedPct: number;
  readonly perFile: readonly { name: string; savedPct: number }[];
  readonly ghostP50: number;
  readonly ghostP90: number;
  readonly requests: number;
  readonly processedP50: number;
  readonly processedP90: number;
  readonly withinLineP50: number;
  readonly withinLineP90: number;
  readonly withinLineCount: number;
  /** Within a line: tokens processed per character typed since the request before. */
  readonly perKeystrokeP50: number;
  readonly queueTotalS: number;
  readonly queueP90: number;
  readonly abortedInPrompt: number;
}

function ours(material: Workload['material']): StrategySpec {
  return {
    name: 'ours',
    create: (deps) => {
      const engine = new CompletionEngine({ backend: () => deps.backend, settings: () => DEFAULT_ENGINE_SETTINGS, log: silentLogger, now: deps.now, events: { onLateCompletion: (key) => deps.onLateCompletion(key) } });
      for (const [key, { material: m, path }] of material ?? []) engine.repoContext.setMaterial(key, m, path);
      return engine;
    },
  };
}

async function run(workload: Workload, server: ServerSpec): Promise<RunFigures> {
  let laptop: LaptopServer | undefined;
  const files = workload.files.map((file) => ({
    ...file,
    oracle: (now: () => number): OracleModel => {
      const oracle = file.oracle ? file.oracle(now) : new OracleModel(file.text, TIMING, now);
      // A local server at fixed latency too: the engine lays prompts out for a KV cache in both runs.
      oracle.servesFromKvCache = true;
      if (server.kind === 'fixed') return oracle;
      // One server for the whole session: switching files finds the cache holding the last one.
      laptop ??= new LaptopServer(new KvCacheModel({ ...LAPTOP_COST, msPerPromptToken: server.msPerPromptToken }, now), server.layout);
      oracle.server = laptop;
      return oracle;
    },
  }));
  const session = await replaySession(ours(workload.material), files, OPTIONS);
  const served: ServedPrompt[] = laptop?.served ?? [];
  const results = session.files;
  const saved = (f: FileResult) => (100 * f.savedKeystrokes) / f.keystrokesNeeded;
  const ghosts = results.flatMap((f) => f.ghostLatencies);
  const processed = served.filter((s) => !s.processing.abortedInPrompt).map((s) => s.processing.processedTokens);
  const withinLineServed = served.filter((s) => s.withinLine && !s.processing.abortedInPrompt);
  const withinLine = withinLineServed.map((s) => s.processing.processedTokens);
  const perKeystroke = withinLineServed.map((s) => s.processing.processedTokens / Math.max(1, s.typedSincePrevious));
  const queue = served.map((s) => s.processing.queueMs);
  const label = server.kind === 'fixed' ? `fixed ${TIMING.firstTokenMs} ms` : `${server.msPerPromptToken} ms/token${server.layout === 'classic' ? ', typed part left in the prefix' : ''}`;
  return {
    label,
    savedPct: (100 * sum(results.map((f) => f.savedKeystrokes))) / sum(results.map((f) => f.keystrokesNeeded)),
    perFile: results.map((f) => ({ name: f.name, savedPct: saved(f) })),
    ghostP50: percentile(ghosts, 0.5),
    ghostP90: percentile(ghosts, 0.9),
    requests: sum(results.map((f) => f.requests)),
    processedP50: percentile(processed, 0.5),
    processedP90: percentile(processed, 0.9),
    withinLineP50: percentile(withinLine, 0.5),
    withinLineP90: percentile(withinLine, 0.9),
    withinLineCount: withinLine.length,
    perKeystrokeP50: percentile(perKeystroke, 0.5),
    queueTotalS: sum(queue) / 1000,
    queueP90: percentile(queue, 0.9),
    abortedInPrompt: served.filter((s) => s.processing.abortedInPrompt).length,
  };
}

function singleFiles(): Workload {
  return { name: 'single file', files: loadDataFiles().map((file) => ({ name: file.name, text: file.text })) };
}

/** Part 3's regions of real packages, each typed in a fresh editor with the package's other files as context, against part 3's knowledge-gated oracle. */
function packages(): Workload {
  const files: ReplayFile[] = [];
  const material = new Map<string, { material: ReturnType<typeof materialFor>; path: string }>();
  for (const project of loadProjects()) {
    for (const { file, region } of workloadFiles(project)) {
      const text = file.text.split('\n').slice(0, region.end).join('\n') + '\n';
      // The knowledge-gated oracle: a smaller or colder prompt that loses another file's names shows in the figures.
      const oracle = (now: () => number) => new GatedOracle(text, file.languageId, TIMING, now, region.gated);
      files.push({ name: file.path, text, startLine: region.start, contextFile: { path: file.path, languageId: file.languageId }, oracle });
      material.set(`file:///bench/${file.path}`, { material: materialFor(project, file, region, 'fresh'), path: file.path });
    }
  }
  return { name: 'packages, repository context on', files, material };
}

const SERVERS: readonly ServerSpec[] = [
  { kind: 'fixed' },
  { kind: 'laptop', msPerPromptToken: 0.5, layout: 'written-middle' },
  { kind: 'laptop', msPerPromptToken: 2.5, layout: 'written-middle' },
  { kind: 'laptop', msPerPromptToken: 2.5, layout: 'classic' },
];

export async function runLaptopBench(): Promise<{ workload: string; runs: RunFigures[] }[]> {
  const out: { workload: string; runs: RunFigures[] }[] = [];
  for (const workload of [singleFiles(), packages()]) {
    const runs: RunFigures[] = [];
    for (const server of SERVERS) runs.push(await run(workload, server));
    out.push({ workload: workload.name, runs });
  }
  return out;
}

function report(results: { workload: string; runs: RunFigures[] }[]): boolean {
  console.log(`## On a laptop: a local server that pays for prompt tokens its KV cache lacks, one request at a time`);
  console.log('');
  console.log(
    `Server: ${LAPTOP_COST.baseMs} ms per request, then every prompt token past the longest cached prefix, ${GENERATION_MS_PER_TOKEN} ms per generated token, ` +
      `${LAPTOP_COST.slots} slot, prompt processed in batches of ${LAPTOP_COST.batchTokens} tokens (an abort keeps the batches done). ` +
      `Fixed: ${TIMING.firstTokenMs} ms to the first token whatever the prompt, same generation speed. Person and editor as in part 1.`,
  );
  let ok = true;
  for (const { workload, runs } of results) {
    const fixed = runs[0];
    console.log('');
    console.log(`### ${workload}`);
    const rows = runs.map((r) => [
      r.label,
      fmt(r.savedPct),
      r === fixed ? '' : `${fmt((100 * r.savedPct) / fixed.savedPct)}%`,
      `${fmt(r.ghostP50, 0)} / ${fmt(r.ghostP90, 0)}`,
      String(r.requests),
      r === fixed ? '' : `${fmt(r.processedP50, 0)} / ${fmt(r.processedP90, 0)}`,
      r === fixed ? '' : `${fmt(r.withinLineP50, 0)} / ${fmt(r.withinLineP90, 0)} (${r.withinLineCount})`,
      r === fixed ? '' : fmt(r.perKeystrokeP50, 1),
      r === fixed ? '' : `${fmt(r.queueTotalS)} s / ${fmt(r.queueP90, 0)} ms`,
      r === fixed ? '' : String(r.abortedInPrompt),
    ]);
    console.log(
      markdownTable(
        ['server', 'keystrokes saved %', 'laptop / fixed', 'ghost p50 / p90 (ms)', 'requests', 'prompt tokens processed p50 / p90', 'within a line: per request p50 / p90 (requests)', 'within a line: per keystroke p50', 'queue: total / p90', 'dropped in prompt'],
        rows,
      ),
    );
    console.log('');
    console.log('Per file, keystrokes saved %:');
    console.log(markdownTable(['file', ...runs.map((r) => r.label)], fixed.perFile.map((f, i) => [f.name, ...runs.map((r) => fmt(r.perFile[i].savedPct))])));
    const laptop = runs.find((r) => r.label === '2.5 ms/token') as RunFigures;
    const kept = (100 * laptop.savedPct) / fixed.savedPct;
    const worstFile = Math.min(...laptop.perFile.map((f, i) => (100 * f.savedPct) / Math.max(1e-9, fixed.perFile[i].savedPct)));
    const verdict = (pass: boolean) => (pass ? 'MET' : 'MISSED');
    const keptOk = kept >= TARGETS.keptPct && worstFile >= TARGETS.keptPct;
    const tokensOk = laptop.perKeystrokeP50 <= TARGETS.withinLineP50Tokens;
    const ghostOk = laptop.ghostP90 <= TARGETS.ghostP90Ms;
    ok = ok && keptOk && tokensOk && ghostOk;
    console.log('');
    console.log(`Targets (${workload}, 2.5 ms/token):`);
    console.log(`  keystrokes saved >= ${TARGETS.keptPct}% of fixed, overall and per file ... ${verdict(keptOk)} (${fmt(kept)}%, worst file ${fmt(worstFile)}%)`);
    console.log(`  prompt tokens per within-line keystroke p50 <= ${TARGETS.withinLineP50Tokens} ..... ${verdict(tokensOk)} (${fmt(laptop.perKeystrokeP50, 1)}; per request ${fmt(laptop.withinLineP50, 0)})`);
    console.log(`  ghost p90 <= ${TARGETS.ghostP90Ms} ms ....................................... ${verdict(ghostOk)} (${fmt(laptop.ghostP90, 0)} ms)`);
  }
  return ok;
}

if (require.main === module) {
  runLaptopBench()
    .then((results) => {
      if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
      else if (!report(results)) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
