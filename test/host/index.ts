// Entry of the mocha suite that runs INSIDE the extension host with the real `vscode` API.
// Bundled to dist/test/index.js (esbuild.mjs); mocha stays external and is found at run time
// in the repository's node_modules. Launched either by code-server's smoke-test driver
// (test/e2e/hostSuite.test.ts) or by @vscode/test-electron (test/electron/run.mjs).
//
// Console output from the extension host reaches the launcher mangled (code-server's page gets
// "%s" unexpanded), so the results also go to a JSON file: $DEEPSEEK_FIM_HOST_RESULTS, else
// .deepseek-fim-host-results.json in the first workspace folder, else the temp folder.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export const RESULTS_ENV = 'DEEPSEEK_FIM_HOST_RESULTS';

export interface HostTestResult {
  readonly title: string;
  readonly fullTitle: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs: number;
  readonly error?: string;
}

export interface HostResults {
  /** Tests the suite declared. */
  readonly planned: number;
  readonly passed: number;
  readonly failed: number;
  readonly tests: HostTestResult[];
  readonly vscodeVersion: string;
  readonly finishedAt: string;
}

function resultsFile(): string {
  const fromEnv = process.env[RESULTS_ENV];
  if (fromEnv) return fromEnv;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') return join(folder.uri.fsPath, '.deepseek-fim-host-results.json');
  return join(tmpdir(), 'deepseek-fim-host-results.json');
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.message}\n${error.stack ?? ''}`.slice(0, 4000);
  return String(error);
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  // Installs describe/it/before/after as globals, then the bundled test files register with them.
  mocha.suite.emit('pre-require', globalThis, 'deepseek-fim-host', mocha);
  await import('./activation.test.js');
  await import('./settings.test.js');
  await import('./provider.test.js');
  await import('./statusStates.test.js');
  await import('./documents.test.js');
  await import('./exclusion.test.js');
  await import('./untrustedText.test.js');
  await import('./repoContext.test.js');
  await import('./indexBuild.test.js');
  await import('./privacy.test.js');
  await import('./nextEdit.test.js');

  const planned = mocha.suite.total();
  const tests: HostTestResult[] = [];
  const file = resultsFile();

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('pass', (test) => tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('pending', (test) => tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'pending', durationMs: 0 }));
    // Also fires for a failing hook, which then counts as one failed entry.
    runner.on('fail', (test, error) => tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: errorText(error) }));
  });

  const results: HostResults = {
    planned,
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state !== 'passed').length,
    tests,
    vscodeVersion: vscode.version,
    finishedAt: new Date().toISOString(),
  };
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`extension-host suite: ${results.passed} passed, ${results.failed} failed (results in ${file})`);
  if (failures > 0 || results.failed > 0 || results.passed < planned) {
    throw new Error(`${results.failed} of ${planned} extension-host tests failed`);
  }
}
