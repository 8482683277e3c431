// Runs the mocha suite of test/host/ inside code-server's extension host through the
// smoke-test driver (the way @vscode/test-electron runs it on a desktop VS Code), then reports
// each of its tests as a test of this file, so that the counts of `npm test` add up.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundleExtension, launchVsCode } from './harness';
import { REPO_ROOT } from './paths';

interface HostTestResult {
  readonly fullTitle: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly error?: string;
}

interface HostResults {
  readonly planned: number;
  readonly tests: HostTestResult[];
  readonly vscodeVersion: string;
}

const SUITE_TIMEOUT_MS = 5 * 60_000;

async function runHostSuite(): Promise<{ results: HostResults; exitCode: number }> {
  bundleExtension();
  const extensionTestsPath = join(REPO_ROOT, 'dist', 'test', 'index.js');
  if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: esbuild.mjs did not bundle test/host/index.ts`);
  const resultsFile = join(REPO_ROOT, 'test', 'vscode', 'runs', `host-results-${process.pid}.json`);
  const vs = await launchVsCode({
    suite: 'host-suite',
    smokeTest: { extensionDevelopmentPath: REPO_ROOT, extensionTestsPath },
    env: { DEEPSEEK_FIM_HOST_RESULTS: resultsFile },
  });
  try {
    const exitCode = await vs.waitForAutomationExit(SUITE_TIMEOUT_MS);
    if (!existsSync(resultsFile)) throw new Error(`the extension-host suite exited with ${exitCode} and wrote no results (${resultsFile})`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResults;
    rmSync(resultsFile, { force: true });
    if (exitCode !== 0) {
      vs.failed = true;
      await vs.screenshot('host-suite-failed');
    }
    return { results, exitCode };
  } catch (error) {
    vs.failed = true;
    await vs.screenshot('host-suite-error').catch(() => undefined);
    throw error;
  } finally {
    await vs.close();
  }
}

describe('extension-host suite (mocha inside code-server, real vscode API)', async () => {
  let outcome: { results: HostResults; exitCode: number } | undefined;
  let launchError: unknown;
  try {
    outcome = await runHostSuite();
  } catch (error) {
    launchError = error;
  }
  if (!outcome) {
    it('runs the mocha suite inside the extension host', () => {
      throw launchError;
    });
    return;
  }
  const { results } = outcome;
  for (const test of results.tests) {
    it(`${test.fullTitle} [VS Code ${results.vscodeVersion}]`, () => {
      if (test.state === 'pending') throw new Error('pending in mocha: the suite may not skip tests');
      if (test.state === 'failed') throw new Error(test.error ?? 'failed');
    });
  }
  const reported = results.tests.length;
  if (reported < results.planned) {
    it('ran every test the suite declared', () => {
      throw new Error(`the suite declared ${results.planned} tests but reported ${reported}`);
    });
  }
});
