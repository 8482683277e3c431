// The team's rule: each module of src/engine has a unit test file named after it,
// test/unit/<module>.test.ts, that imports the module. A folder's index.ts is named after its
// folder (src/engine/postprocess/index.ts: postprocess.test.ts), the name it is imported by.
// The directory is read when the test runs, so modules added on any branch are held to it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

// Compiled to out/test/unit/: the repository root is three folders up.
const ROOT = join(__dirname, '../../..');
const ENGINE = join(ROOT, 'src/engine');
const UNIT = join(ROOT, 'test/unit');

/**
 * Modules with nothing to run, so a test file would be empty: paths under src/engine, each with
 * the runtime values it may still export (anything more needs a test file like any module).
 */
const TYPE_ONLY: Readonly<Record<string, readonly string[]>> = {
  // The shape of a post-processing filter and what it may know about the cursor.
  'postprocess/filterContext.ts': [],
  // Shapes shared by the engine, the backends and the editor layer, plus the no-op silentLogger.
  'types.ts': ['silentLogger'],
};

/**
 * Modules only their owner builds, from its own parts: their test file drives them through the
 * owner (here the engine builds the pipeline from its cache, gate, debounce, ...), so it imports
 * what builds the owner for tests instead. Paths under src/engine, each with that module's path
 * from the repository root.
 */
const TESTED_THROUGH: Readonly<Record<string, string>> = {
  'completionPipeline.ts': 'test/support/engineHarness.ts',
};

function engineModules(dir = ENGINE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineModules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The name a module's test file carries: its file name, or its folder's for an index.ts. */
function testName(modulePath: string): string {
  const name = basename(modulePath, '.ts');
  return name === 'index' ? basename(dirname(modulePath)) : name;
}

/** The module path without .ts, and for an index.ts also its folder: what an import may name. */
function importTargets(modulePath: string): string[] {
  const withoutExtension = modulePath.slice(0, -'.ts'.length);
  return basename(modulePath) === 'index.ts' ? [withoutExtension, dirname(modulePath)] : [withoutExtension];
}

/** Absolute paths of the relative modules a test file imports values from (not `import type`). */
function importedPaths(testFile: string): string[] {
  const source = ts.createSourceFile(testFile, readFileSync(testFile, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements
    .filter((s): s is ts.ImportDeclaration => ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier))
    .map((s) => (s.moduleSpecifier as ts.StringLiteral).text)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(testFile), specifier));
}

/** Names of the values (not types) a module exports. */
function runtimeExports(modulePath: string): string[] {
  const source = ts.createSourceFile(modulePath, readFileSync(modulePath, 'utf8'), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      if (!statement.exportClause) names.push('*');
      else if (ts.isNamedExports(statement.exportClause)) names.push(...statement.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
      else names.push(statement.exportClause.name.text);
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      names.push('default');
      continue;
    }
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
    if (ts.isVariableStatement(statement)) names.push(...statement.declarationList.declarations.map((d) => d.name.getText(source)));
    else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) names.push(statement.name?.text ?? 'default');
    else names.push(ts.SyntaxKind[statement.kind]);
  }
  return names.sort();
}

const moduleName = (path: string) => relative(ENGINE, path).split('\\').join('/');

describe('each src/engine module has a test file named after it', () => {
  const modules = engineModules();
  const tested = modules.filter((path) => !(moduleName(path) in TYPE_ONLY));

  it('the engine modules are found where the compiled test looks for them', () => {
    assert.ok(modules.length >= 20, `${modules.length} modules under ${ENGINE}`);
    assert.ok(modules.some((path) => moduleName(path) === 'postprocess/limitLines.ts'), 'modules in subfolders are listed');
  });

  it('every module that runs has test/unit/<module>.test.ts', () => {
    const missing = tested.filter((path) => !existsSync(join(UNIT, `${testName(path)}.test.ts`)));
    assert.deepEqual(
      missing.map((path) => `src/engine/${moduleName(path)} has no test/unit/${testName(path)}.test.ts`),
      [],
    );
  });

  it('each of those test files imports the module it is named after', () => {
    const unrelated = tested
      .filter((path) => existsSync(join(UNIT, `${testName(path)}.test.ts`)))
      .filter((path) => {
        const imported = importedPaths(join(UNIT, `${testName(path)}.test.ts`));
        const owner = TESTED_THROUGH[moduleName(path)];
        const subject = owner ? join(ROOT, owner) : path;
        return !importTargets(subject).some((target) => imported.includes(target));
      });
    assert.deepEqual(
      unrelated.map((path) => `test/unit/${testName(path)}.test.ts does not import src/engine/${moduleName(path)}`),
      [],
    );
  });

  it('no two modules share a name, so no test file stands for two', () => {
    const byName = new Map<string, string[]>();
    for (const path of modules) byName.set(testName(path), [...(byName.get(testName(path)) ?? []), moduleName(path)]);
    const shared = [...byName].filter(([, paths]) => paths.length > 1).map(([name, paths]) => `${name}: ${paths.join(', ')}`);
    assert.deepEqual(shared, []);
  });

  it('the type-only list is current: each entry exists and exports no value beyond the ones it names', () => {
    for (const [name, allowed] of Object.entries(TYPE_ONLY)) {
      const path = join(ENGINE, name);
      assert.ok(existsSync(path), `src/engine/${name} is gone: drop it from the type-only list`);
      assert.deepEqual(runtimeExports(path), [...allowed].sort(), `src/engine/${name} exports values: give it a test file, or list them`);
    }
  });
});
