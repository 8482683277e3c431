// The workspace definition index on a large workspace, in a real extension host: 5,000 source
// files (about 6 KB each, Python and TypeScript with classes and functions) are indexed from
// scratch in under 10 s, and while the build runs the completions of a small open file keep
// their latency (the build reads in batches with pauses; nothing of it runs on the keystroke path).
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startOllamaFixture, type OllamaFixture } from '../fixtures/ollamaFixture';
import { closeAllEditors, controllerApi, setSetting, sleep, unique, waitUntil } from './hostSupport';

const FILES = 5_000;
const BUILD_LIMIT_MS = 10_000;
/**
 * Completions asked before the build, to know today's latency on this machine: 100 at least, so
 * that the p99 is not simply the slowest one (with 40, one hiccup of a shared CI machine set the
 * bound, and the build, asked more times while it runs, was compared max against p99).
 */
const SAMPLES = 100;
/**
 * How much slower the p99 completion during the build may be than before it. A build that read
 * files on the host's event loop without pausing would hold a completion for seconds; this
 * bound catches that. It is wider than a person's threshold (about 100 ms) because this 2-core
 * machine's own noise is: the p99 before the build moved between 25 and 230 ms from one launch to
 * the next with the same code, and a 50 ms margin failed one launch in four.
 */
const P99_MARGIN_MS = 150;

/** The parts of the controller this test reaches: the indexer behind the gatherer, and the engine's entry point. */
interface IndexerView {
  readonly lastBuild: { readonly files: number; readonly bytes: number; readonly ms: number } | undefined;
  readonly index: { readonly size: number };
  rebuild(): void;
}
interface EngineView {
  provide(
    input: { editorKey: string; document: { lineCount: number; lineText(line: number): string; eol: '\n' }; position: { line: number; character: number }; explicit: boolean; file: { path: string; languageId: string } },
    cancel: AbortSignal,
  ): Promise<{ insertText: string } | undefined>;
}

/** One generated module of about 6 KB: classes with methods and module functions, names unique to file `n`. */
function sourceFile(n: number): { name: string; text: string } {
  const lines: string[] = [];
  if (n % 2 === 0) {
    lines.push('import math', 'from typing import List, Optional', '', '');
    for (let c = 0; c < 3; c++) {
      lines.push(`class Record${n}x${c}:`, `    """Keeps the readings of station ${n}, part ${c}."""`, '', '    def __init__(self, name: str, limit: int = 10):', '        self.name = name', '        self.limit = limit', '        self.values: List[float] = []', '');
      for (let m = 0; m < 5; m++) {
        lines.push(`    def measure_${m}_${n}(self, value: float, scale: Optional[float] = None) -> float:`, '        factor = scale if scale is not None else 1.0', '        if len(self.values) >= self.limit:', '            self.values.pop(0)', `        self.values.append(value * factor + ${m})`, '        return math.fsum(self.values) / len(self.values)', '');
      }
      lines.push('');
    }
    for (let f = 0; f < 4; f++) {
      lines.push(`def summarize_${f}_${n}(records: List[Record${n}x0]) -> float:`, '    total = 0.0', '    for record in records:', `        total += record.measure_0_${n}(${f}.5)`, '    return total', '', '');
    }
    return { name: `module_${n}.py`, text: lines.join('\n') };
  }
  lines.push("import { readFileSync } from 'node:fs';", '');
  for (let c = 0; c < 3; c++) {
    lines.push(`/** Keeps the readings of station ${n}, part ${c}. */`, `export class Ledger${n}x${c} {`, '  private readonly values: number[] = [];', '', '  constructor(public readonly name: string, private readonly limit = 10) {}', '');
    for (let m = 0; m < 5; m++) {
      lines.push(`  measure${m}At${n}(value: number, scale?: number): number {`, '    const factor = scale ?? 1;', '    if (this.values.length >= this.limit) this.values.shift();', `    this.values.push(value * factor + ${m});`, '    return this.values.reduce((sum, v) => sum + v, 0) / this.values.length;', '  }', '');
    }
    lines.push('}', '');
  }
  for (let f = 0; f < 4; f++) {
    lines.push(`export function summarize${f}At${n}(ledgers: Ledger${n}x0[], path: string): number {`, "  const extra = readFileSync(path, 'utf8').length;", `  return ledgers.reduce((total, ledger) => total + ledger.measure0At${n}(${f}.5), extra);`, '}', '');
  }
  return { name: `module_${n}.ts`, text: lines.join('\n') };
}

/** The value below which 99% of `values` lie (the largest one for fewer than 100). */
function p99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
}

describe('workspace definition index on a 5,000-file workspace', () => {
  let fixture: OllamaFixture;

  before(async () => {
    fixture = await startOllamaFixture();
    fixture.setResponder(() => 'a + b');
    await setSetting('ollama.host', fixture.url);
    await setSetting('backend', 'ollama');
  });

  after(async () => {
    await closeAllEditors();
    await fixture.close();
  });

  it('builds from scratch in under 10 s while the completions of an open file keep their latency', async function () {
    this.timeout(90_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder?.uri.scheme === 'file', 'the host suite runs with a workspace folder on disk');
    const api = await controllerApi();
    const indexer = (api as unknown as { gatherer: { indexer: IndexerView } }).gatherer.indexer;
    const engine = api.engine as unknown as EngineView;
    const dir = unique('big');
    const root = join(folder.uri.fsPath, dir);
    try {
      // A small file the person works in (the indexer runs while an enabled editor is active).
      const small = vscode.Uri.joinPath(folder.uri, dir, 'work.py');
      mkdirSync(join(root, 'pkg'), { recursive: true });
      writeFileSync(small.fsPath, 'def add(a, b):\n    return \n');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(small));
      let bytes = 0;
      for (let n = 0; n < FILES; n++) {
        const { name, text } = sourceFile(n);
        // Folders of 100, as a package has them.
        if (n % 100 === 0) mkdirSync(join(root, 'pkg', `part${n / 100}`));
        writeFileSync(join(root, 'pkg', `part${Math.floor(n / 100)}`, name), text);
        bytes += text.length;
      }
      // Let the file watcher's batches (if it saw the files) finish, so that they do not run with the build.
      const queued = indexer as unknown as { queued: Map<string, unknown>; flushTimer: unknown };
      await waitUntil('the watched changes are read', () => queued.queued.size === 0 && queued.flushTimer === undefined, 60_000, 100);

      let call = 0;
      /** One completion of the small file as a keystroke asks it (each a new prompt, so a request each), timed. */
      const complete = async (): Promise<number> => {
        const line = `def add_${dir}_${++call}(a, b):`;
        const document = { lineCount: 2, lineText: (at: number) => (at === 0 ? line : '    return '), eol: '\n' as const };
        const started = performance.now();
        const completion = await engine.provide(
          { editorKey: small.toString(), document, position: { line: 1, character: 11 }, explicit: true, file: { path: `${dir}/work.py`, languageId: 'python' } },
          new AbortController().signal,
        );
        const ms = performance.now() - started;
        assert.equal(completion?.insertText, 'a + b', `completion ${call} came back`);
        return ms;
      };
      await complete();
      const before: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        before.push(await complete());
        await sleep(20);
      }

      const previous = indexer.lastBuild;
      const started = performance.now();
      indexer.rebuild();
      const during: number[] = [];
      while (indexer.lastBuild === previous && performance.now() - started < 2 * BUILD_LIMIT_MS) {
        during.push(await complete());
        await sleep(20);
      }
      const wallMs = performance.now() - started;
      const build = indexer.lastBuild;
      const figures = `built ${build?.files} files (${Math.round((build?.bytes ?? 0) / 1024)} KB; ${FILES} generated, ${Math.round(bytes / 1024)} KB) in ${build?.ms} ms (${Math.round(wallMs)} ms after the rebuild was asked, its 500 ms start delay included); completion p99 ${p99(before).toFixed(1)} ms before (${before.length} calls), ${p99(during).toFixed(1)} ms during the build (${during.length} calls)`;
      console.log(`index build: ${figures}`);
      if (this.test) this.test.title += ` [${figures}]`;
      assert.ok(build && build !== previous, `the build finished: ${figures}`);
      assert.ok(build.files >= FILES, `every generated file was indexed: ${figures}`);
      assert.ok(build.ms < BUILD_LIMIT_MS, `the build took under 10 s: ${figures}`);
      assert.ok(during.length >= 10, `completions were asked while it ran: ${figures}`);
      assert.ok(p99(during) <= p99(before) + P99_MARGIN_MS, `completions during the build are not slower than before + ${P99_MARGIN_MS} ms: ${figures}`);
    } finally {
      await closeAllEditors();
      rmSync(root, { recursive: true, force: true });
      // The index as the later tests expect it: without the 5,000 files (the watcher may miss a deletion).
      indexer.rebuild();
    }
  });
});
