// `npm run bench`, part 3: repository-level context on a cross-file workload. A person retypes
// one region of each target file of real multi-file packages, the region that uses the most
// names defined in sibling files, against the knowledge-gated oracle (knowledgeGate.ts), in
// five sessions of one run: no gate (what a model that knows everything saves), the gate with
// context off, the gate with context on in a fresh window (only the typed file open: what a
// person meets first), the same in a package already browsed (its files recently used), and
// the fresh window as billed on DeepSeek's API (no Enter prefetch) for the prompt-cache
// figures. Prints keystrokes saved, what the gate still costs with context on per file, requests, prompt size, the DeepSeek cache-hit
// share, how often the context block stays identical within one function, and the engine time
// context adds per keystroke (also on the 20,000-line file).
//
//   node --expose-gc out/test/bench/crossFileBench.js [--json]
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/engine/completionEngine';
import { DefinitionIndex } from '../../src/engine/context/definitionIndex';
import { StickyStart } from '../../src/backends/deepseek/stickyStart';
import { buildFimPrompt } from '../../src/engine/fimTemplate';
import { silentLogger } from '../../src/engine/types';
import { fmt, loadDataFiles, markdownTable, percentile } from './benchStats';
import { indexOf, loadProjects, materialFor, workloadFiles, type CrossFileScenario, type Project } from './crossFileProjects';
import { replaySession, type FileResult, type ReplayFile, type SessionResult, type StrategySpec } from './editorReplay';
import { GatedOracle } from './knowledgeGate';
import { DEFAULT_MODEL_TIMING, OracleModel, type OracleCall } from './oracleModel';
import { PromptCacheModel } from './promptCacheModel';
import { largeFile } from './typingReplay';
import { DEFAULT_TYPING } from './typingPerson';
import { billedPerToken } from './billedBackend';

interface Workload {
  readonly replay: ReplayFile;
  readonly key: string;
  readonly material: ReturnType<typeof materialFor>;
  readonly gated: ReadonlySet<string>;
  readonly region: { start: number; end: number };
  readonly project: string;
}

const OPTIONS = { profile: DEFAULT_TYPING, timing: DEFAULT_MODEL_TIMING, editorDebounceMs: 50, maxTokens: DEFAULT_ENGINE_SETTINGS.maxTokens, keepCalls: true };

function workloads(projects: readonly Project[], gate: boolean, scenario: CrossFileScenario): Workload[] {
  const out: Workload[] = [];
  for (const project of projects) {
    const index = indexOf(project);
    for (const { file, region } of workloadFiles(project)) {
      const path = file.path;
      const lines = file.text.split('\n');
      const text = lines.slice(0, region.end).join('\n') + '\n';
      const gated = gate ? region.gated : new Set<string>();
      out.push({
        key: `file:///bench/${path}`,
        material: materialFor(project, file, region, scenario, index),
        gated: region.gated,
        region,
        project: project.name,
        replay: {
          name: path,
          text,
          startLine: region.start,
          contextFile: { path, languageId: file.languageId },
          oracle: (now) => new GatedOracle(text, file.languageId, DEFAULT_MODEL_TIMING, now, gated),
        },
      });
    }
  }
  return out;
}

/** Our engine with other files at `otherFilesMaxChars`, fed each file's material as the editor layer would. */
function strategy(work: readonly Workload[], otherFilesMaxChars: number, billed: boolean): StrategySpec {
  const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, otherFilesMaxChars };
  return {
    name: `context ${otherFilesMaxChars}`,
    create: (deps) => {
      const backend = billed ? billedPerToken(deps.backend) : deps.backend;
      const engine = new CompletionEngine({ backend: () => backend, settings: () => settings, log: silentLogger, now: deps.now, events: { onLateCompletion: (key) => deps.onLateCompletion(key) } });
      for (const w of work) engine.repoContext.setMaterial(w.key, w.material, w.replay.contextFile?.path);
      return engine;
    },
  };
}

const savedPct = (f: FileResult) => (100 * f.savedKeystrokes) / f.keystrokesNeeded;
const promptChars = (calls: readonly OracleCall[]) => calls.map((c) => c.request.prefix.length + c.request.suffix.length);

/** Nearest declaration line at or above a line: which function the cursor is in. */
function enclosingFunction(lines: readonly string[], line: number): number {
  for (let l = Math.min(line, lines.length - 1); l >= 0; l--) {
    if (/^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:def|class|function)\b/.test(lines[l])) return l;
    if (/^\s+(?:(?:public|private|protected|static|async)\s+)*[A-Za-z_]\w*\s*(?:<[^>]*>)?\(.*\)\s*(?::[^{]*)?\{\s*$/.test(lines[l]) && !/^\s*(?:if|for|while|switch|catch)\b/.test(lines[l])) return l;
  }
  return -1;
}

/** Consecutive requests of one file whose cursors are in the same function, and how many of them had the same block. */
function blockStability(session: SessionResult, work: readonly Workload[]): { pairs: number; same: number } {
  let pairs = 0;
  let same = 0;
  session.files.forEach((result, i) => {
    const lines = work[i].replay.text.split('\n');
    const lineOf = (call: OracleCall) => work[i].replay.text.slice(0, call.cursor).split('\n').length - 1;
    for (let c = 1; c < result.calls.length; c++) {
      const a = result.calls[c - 1];
      const b = result.calls[c];
      const fa = enclosingFunction(lines, lineOf(a));
      if (fa < 0 || fa !== enclosingFunction(lines, lineOf(b))) continue;
      pairs++;
      const block = (call: OracleCall) => call.request.prefix.slice(0, call.request.context?.prefixOffset ?? 0);
      if (block(a) === block(b)) same++;
    }
  });
  return { pairs, same };
}

/** Real microseconds inside provide() per keystroke, on the 20,000-line file, with and without other files. */
async function largeFileOverhead(projects: readonly Project[], otherFilesMaxChars: number): Promise<number[]> {
  const data = loadDataFiles();
  const text = largeFile(data, 20_000);
  const lines = text.split('\n').length;
  const project = projects[0];
  const first = workloadFiles(project)[0];
  const material = materialFor(project, first?.file ?? project.files[0], first?.region ?? { start: 0 }, 'browsed');
  const replay: ReplayFile = { name: 'large.py', text, startLine: lines - 2000, contextFile: { path: 'email/large.py', languageId: 'python' } };
  const work: Workload[] = [{ replay, key: 'file:///bench/large.py', material, gated: new Set(), region: { start: 0, end: lines }, project: project.name }];
  const session = await replaySession(strategy(work, otherFilesMaxChars, false), [replay], { ...OPTIONS, keepCalls: false });
  return session.files[0].overheadMicros;
}

/** The index's own work for a 5,000-file workspace (the projects' files under 5,000 paths): milliseconds and heap kept. */
function indexBuildCost(projects: readonly Project[], files = 5_000): { ms: number; heapMb: number; bytes: number } {
  const all = projects.flatMap((p) => p.files);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const index = new DefinitionIndex();
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const file = all[i % all.length];
    index.set(`copy${Math.floor(i / all.length)}/${file.path}`, file.languageId, file.text);
    bytes += file.text.length;
  }
  const ms = performance.now() - started;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / (1024 * 1024);
  if (index.size !== files) throw new Error('index lost files');
  return { ms, heapMb, bytes };
}

export async function runCrossFileBench(): Promise<void> {
  const projects = loadProjects();
  const open = workloads(projects, false, 'fresh');
  const gated = workloads(projects, true, 'fresh');
  const browsed = workloads(projects, true, 'browsed');
  const at = process.argv.indexOf('--other-files-chars');
  const budget = at >= 0 ? Number(process.argv[at + 1]) : DEFAULT_ENGINE_SETTINGS.otherFilesMaxChars;
  const noGate = await replaySession(strategy(open, 0, false), open.map((w) => w.replay), OPTIONS);
  const gateOff = await replaySession(strategy(gated, 0, false), gated.map((w) => w.replay), OPTIONS);
  const gateOn = await replaySession(strategy(gated, budget, false), gated.map((w) => w.replay), OPTIONS);
  const browsedOn = await replaySession(strategy(browsed, budget, false), browsed.map((w) => w.replay), OPTIONS);
  const billedOn = await replaySession(strategy(gated, budget, true), gated.map((w) => w.replay), OPTIONS);

  const cache = new PromptCacheModel();
  for (const file of billedOn.files) for (const call of file.calls) cache.bill(buildFimPrompt(call.request.prefix, call.request.suffix));
  const hitShare = cache.hitTokens / (cache.hitTokens + cache.missTokens);
  // As the DeepSeek backend sends them: it keeps the prompt's start when the window moves (stickyStart.ts).
  const sentCache = new PromptCacheModel();
  const sticky = new StickyStart();
  for (const file of billedOn.files) for (const call of file.calls) sentCache.bill(buildFimPrompt(sticky.prefixFor(call.request), call.request.suffix));
  const sentShare = sentCache.hitTokens / (sentCache.hitTokens + sentCache.missTokens);
  const stability = blockStability(gateOn, gated);
  const largeOff = await largeFileOverhead(projects, 0);
  const largeOn = await largeFileOverhead(projects, budget);
  const indexCost = indexBuildCost(projects);
  const overheadOff = gateOff.files.flatMap((f) => f.overheadMicros);
  const overheadOn = gateOn.files.flatMap((f) => f.overheadMicros);

  const rows = gated.map((w, i) => {
    const a = savedPct(noGate.files[i]);
    const b = savedPct(gateOff.files[i]);
    const c = savedPct(gateOn.files[i]);
    const d = savedPct(browsedOn.files[i]);
    // What the gate still costs with context on: the names other files define that context did not bring.
    return { w, a, b, c, d, cost: a - b, left: a - c, leftBrowsed: a - d, requestsOff: gateOff.files[i].requests, requestsOn: gateOn.files[i].requests };
  });
  const total = (s: SessionResult, pick: (f: FileResult) => number) => s.files.reduce((n, f) => n + pick(f), 0);
  const overall = (s: SessionResult) => (100 * total(s, (f) => f.savedKeystrokes)) / total(s, (f) => f.keystrokesNeeded);
  const [A, B, C, D] = [overall(noGate), overall(gateOff), overall(gateOn), overall(browsedOn)];
  const charsOff = promptChars(gateOff.files.flatMap((f) => f.calls));
  const charsOn = promptChars(gateOn.files.flatMap((f) => f.calls));
  const mean = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0) / Math.max(1, xs.length);
  const meanLeft = mean(rows.map((r) => r.left));
  const worstLeft = Math.max(...rows.map((r) => r.left));

  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ rows: rows.map((r) => ({ file: r.w.replay.name, noGate: r.a, gateOff: r.b, freshWindow: r.c, browsed: r.d })), meanLeft, worstLeft, hitShare, stability }, null, 2));
    return;
  }
  console.log(`## Cross-file workload: repository-level context (budget ${budget} chars of other files)`);
  console.log('');
  console.log(
    `Projects: ${projects.map((p) => `${p.name} (${p.files.length} files)`).join(', ')}. One ${gated[0] ? gated[0].region.end - gated[0].region.start : 0}-line region per target file, the one using the most names defined only in sibling files; ` +
      'material as the editor layer gathers it without a language server, with the cursor at the region\'s first line: imports (two hops), the files the workspace index says define the names near the cursor, and, in a package already browsed, the other files as recently used. ' +
      'Primary case: a fresh window (only the typed file open, no recent files).',
  );
  console.log('');
  console.log(
    markdownTable(
      ['file', 'region', 'gated names', 'saved % no gate', 'gate, context off', 'gate, context on (fresh window)', 'gate cost left (points)', 'browsed package: context on', 'cost left', 'requests off / on'],
      rows.map((r) => [r.w.replay.name, `${r.w.region.start + 1}-${r.w.region.end}`, String(r.w.gated.size), fmt(r.a), fmt(r.b), fmt(r.c), fmt(r.left), fmt(r.d), fmt(r.leftBrowsed), `${r.requestsOff} / ${r.requestsOn}`]),
    ),
  );
  console.log('');
  console.log(`All files: saved ${fmt(A)}% without the gate, ${fmt(B)}% with it and context off; with context on ${fmt(C)}% in a fresh window (recovers ${fmt((100 * (C - B)) / (A - B), 0)}% of the gate's cost), ${fmt(D)}% in a browsed package (${fmt((100 * (D - B)) / (A - B), 0)}%).`);
  console.log(`Requests: ${total(gateOff, (f) => f.requests)} context off, ${total(gateOn, (f) => f.requests)} on. Prompt characters per request (mean): ${fmt(mean(charsOff), 0)} off, ${fmt(mean(charsOn), 0)} on.`);
  console.log(`DeepSeek prompt cache, context on, fresh window, as billed (no Enter prefetch): ${cache.requests} requests, ${fmt(100 * hitShare)}% of prompt tokens cache hits (${cache.hitTokens} hit, ${cache.missTokens} miss) as the engine lays them out; ${fmt(100 * sentShare)}% as the DeepSeek backend sends them (${sentCache.hitTokens} hit, ${sentCache.missTokens} miss).`);
  console.log(`Context block identical in consecutive requests within one function: ${stability.same}/${stability.pairs} (${fmt((100 * stability.same) / Math.max(1, stability.pairs))}%).`);
  console.log(
    `Engine time per keystroke (us, real time), workload: p50 ${fmt(percentile(overheadOff, 0.5))} -> ${fmt(percentile(overheadOn, 0.5))}, p99 ${fmt(percentile(overheadOff, 0.99))} -> ${fmt(percentile(overheadOn, 0.99))}; ` +
      `20,000-line file: p50 ${fmt(percentile(largeOff, 0.5))} -> ${fmt(percentile(largeOn, 0.5))}, p99 ${fmt(percentile(largeOff, 0.99))} -> ${fmt(percentile(largeOn, 0.99))} (added p99 ${fmt(percentile(largeOn, 0.99) - percentile(largeOff, 0.99))}).`,
  );
  console.log(
    `Workspace index, 5,000 files (${fmt(indexCost.bytes / (1024 * 1024))} MB of text): ${fmt(indexCost.ms, 0)} ms of scanning in all (the editor layer spreads it over batches of 16 files with pauses), ${fmt(indexCost.heapMb)} MB kept in memory.`,
  );
  const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  console.log('');
  console.log('Targets:');
  console.log(`  fresh window: gate cost left <= 1 point on average ....... ${verdict(meanLeft <= 1)} (${fmt(meanLeft)})`);
  console.log(`  fresh window: gate cost left <= 2 points on every file ... ${verdict(worstLeft <= 2)} (worst ${fmt(worstLeft)})`);
  console.log(`  DeepSeek cache-hit share >= 80% with context on ......... ${verdict(hitShare >= 0.8)} (${fmt(100 * hitShare)}%; as sent ${fmt(100 * sentShare)}%)`);
  console.log(`  block identical in >= 90% of requests within a function . ${verdict(stability.same >= 0.9 * stability.pairs)} (${fmt((100 * stability.same) / Math.max(1, stability.pairs))}%)`);
  const added = percentile(largeOn, 0.99) - percentile(largeOff, 0.99);
  console.log(`  <= 2 ms p99 added per keystroke on the 20,000-line file .. ${verdict(added <= 2000)} (${fmt(added)} us)`);
  console.log(`  index of 5,000 files scanned in < 10 s .................. ${verdict(indexCost.ms < 10_000)} (${fmt(indexCost.ms, 0)} ms)`);
}

if (require.main === module) {
  runCrossFileBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

export { OracleModel };
