// The cross-file workload's projects: real public multi-file packages (test/data/crossfile,
// origins and licences in test/data/README.md), the files retyped, the region of each retyped,
// and the context material the editor layer would gather for it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContextMaterial, SourceFile } from '../../src/engine/context/contextMaterial';
import { DefinitionIndex } from '../../src/engine/context/definitionIndex';
import { importCandidates, importSections, nextHopImports, parseImports } from '../../src/engine/context/imports';
import { identifiersNearCursor } from '../../src/engine/context/repoContext';
import { repoRoot } from './benchStats';
import { gateFacts, gatedNames } from './knowledgeGate';

export interface Project {
  readonly name: string;
  readonly files: readonly SourceFile[];
}

/** Lines in a retyped region, as in a person rewriting one function or two. */
export const REGION_LINES = 30;
/** Recent files the editor layer reads at most, as the VS Code gatherer does. */
const MAX_RECENT = 16;
/** Files followed through imports at most (the direct ones, then what they import), as the gatherer does. */
const MAX_IMPORTED_FILES = 8;

function load(folder: string, pathPrefix: string, languageId: string): SourceFile[] {
  const root = join(repoRoot(), 'test', 'data', 'crossfile', folder);
  const files: SourceFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}/${entry.name}`);
      else if (entry.name.endsWith('.txt')) {
        files.push({ path: `${rel}/${entry.name.replace(/\.txt$/, '')}`, languageId, text: readFileSync(join(dir, entry.name), 'utf8').replace(/\r\n?/g, '\n') });
      }
    }
  };
  walk(root, pathPrefix);
  return files;
}

export function loadProjects(): Project[] {
  return [
    {
      name: 'CPython 3.11.7 email package',
      files: load('email', 'email', 'python'),
    },
    {
      name: 'semver 7.8.6',
      files: load('semver', 'semver', 'javascript'),
    },
    {
      name: 'ollama-js 0.6.4',
      files: load('ollama', 'src', 'typescript'),
    },
  ];
}

/** A retyped region must need at least this many names from sibling files to be part of the workload. */
export const MIN_GATED_NAMES = 3;

/** The region of the file with the most gated names (the first such, at a stride of 5 lines). */
export function chooseRegion(project: Project, file: SourceFile): { start: number; end: number; gated: Set<string> } {
  const roots = new Set(project.files.map((f) => f.path.split('/')[0]));
  const facts = gateFacts(file.text, file.languageId, project.files.filter((other) => other.path !== file.path).map((other) => other.text), roots);
  const lineCount = facts.lines.length;
  let best = { start: 0, end: Math.min(lineCount, REGION_LINES), gated: new Set<string>() };
  for (let start = 0; start + REGION_LINES <= lineCount; start += 5) {
    const region = { start, end: start + REGION_LINES };
    const gated = gatedNames(facts, region);
    if (gated.size > best.gated.size) best = { ...region, gated };
  }
  return best;
}

/** The workload: every file of every project whose best region needs at least MIN_GATED_NAMES names from siblings. */
export function workloadFiles(project: Project): { file: SourceFile; region: ReturnType<typeof chooseRegion> }[] {
  return project.files.map((file) => ({ file, region: chooseRegion(project, file) })).filter((entry) => entry.region.gated.size >= MIN_GATED_NAMES);
}

/** A window just opened on the package (only the typed file open), or a package already browsed (its files recently used). */
export type CrossFileScenario = 'fresh' | 'browsed';

/** Files the gatherer reads on the workspace index's word, as the VS Code gatherer does. */
export const MAX_RELATED_FILES = 4;

/** The project's definitions, as the background index holds them once built. */
export function indexOf(project: Project): DefinitionIndex {
  const index = new DefinitionIndex();
  for (const file of project.files) index.set(file.path, file.languageId, file.text);
  return index;
}

/**
 * What the editor layer gathers for `file` without a language server, with the cursor at the
 * first line of `region` (the lines before it typed, the rest not yet): its imports, the files
 * the workspace index says define the names near the cursor, and in a browsed package the
 * package's other files as the recently used ones, in folder order, as many as the gatherer reads.
 */
export function materialFor(project: Project, file: SourceFile, region: { start: number }, scenario: CrossFileScenario, index = indexOf(project)): ContextMaterial {
  const byPath = new Map(project.files.map((f) => [f.path, f]));
  const importsOf = (from: SourceFile): SourceFile[] => {
    const found: SourceFile[] = [];
    for (const statement of parseImports(from.languageId, importSections(from.text))) {
      const path = importCandidates(from.path, statement, from.languageId).find((candidate) => byPath.has(candidate));
      const imported = path ? byPath.get(path) : undefined;
      if (imported && imported !== file && !found.includes(imported)) found.push(imported);
    }
    return found;
  };
  const imports = importsOf(file);
  const transitive = nextHopImports(imports, importsOf, MAX_IMPORTED_FILES).slice(imports.length);
  const typed = file.text.split('\n').slice(0, region.start);
  const near = identifiersNearCursor({ lineCount: typed.length, lineText: (line) => typed[line] ?? '' }, { line: region.start });
  const related = index
    .relatedFiles(near, file.path, file.languageId, MAX_RELATED_FILES)
    .map((entry) => byPath.get(entry.path))
    .filter((f): f is SourceFile => f !== undefined);
  const recent = scenario === 'fresh' ? [] : project.files.filter((f) => f.path !== file.path && !imports.includes(f) && !transitive.includes(f)).slice(0, MAX_RECENT);
  return { definitions: [], imports, transitive, related, recent };
}
