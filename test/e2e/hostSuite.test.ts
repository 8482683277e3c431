// Runs the mocha suite of test/host/ inside code-server's extension host through the
// smoke-test driver (the way @vscode/test-electron runs it on a desktop VS Code), then reports
// each of its tests as a test of this file, so that the counts of `npm test` add up.
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { PRIVACY_TEST_KEYS, keyLeaks } from '../host/privacyKeys';
import { bundleExtension, launchVsCode, type VsCodeSession } from './harness';
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

/** Files larger than this are not scanned (no log of a run comes near it). */
const SCAN_LIMIT_BYTES = 50 * 1024 * 1024;

/**
 * Where the DeepSeek keys of test/host/privacy.test.ts must never be written: every log of the
 * run (the extension's LogOutputChannel file among them, the extension host's and
 * code-server's own), and the User and Machine settings.json.
 */
function findKeysOnDisk(vs: VsCodeSession): { scanned: number; leaks: string[] } {
  const files: string[] = [vs.folders.logFile, join(vs.folders.userDataDir, 'User', 'settings.json'), join(vs.folders.userDataDir, 'Machine', 'settings.json')];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(join(vs.folders.userDataDir, 'logs'));
  const leaks: string[] = [];
  let scanned = 0;
  for (const file of files) {
    if (!existsSync(file) || statSync(file).size > SCAN_LIMIT_BYTES) continue;
    scanned++;
    for (const leak of keyLeaks(readFileSync(file, 'utf8'), PRIVACY_TEST_KEYS)) leaks.push(`${leak} in ${relative(vs.runDir, file)}`);
  }
  return { scanned, leaks };
}

async function runHostSuite(): Promise<{ results: HostResults; exitCode: number; keysOnDisk: { scanned: number; leaks: string[] } }> {
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
    const keysOnDisk = findKeysOnDisk(vs);
    if (exitCode !== 0 || keysOnDisk.leaks.length > 0) {
      vs.failed = true;
      await vs.screenshot('host-suite-failed');
    }
    return { results, exitCode, keysOnDisk };
  } catch (error) {
    vs.failed = true;
    await vs.screenshot('host-suite-error').catch(() => undefined);
    throw error;
  } finally {
    await vs.close();
  }
}

describe('extension-host suite (mocha inside code-server, real vscode API)', async () => {
  let outcome: Awaited<ReturnType<typeof runHostSuite>> | undefined;
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
  it('no DeepSeek key the suite used is in any log or settings.json of the run, whole or by its last 4 characters', () => {
    const { scanned, leaks } = outcome.keysOnDisk;
    if (scanned === 0) throw new Error('no log or settings file was found to scan');
    if (leaks.length > 0) throw new Error(`found on disk:\n${leaks.join('\n')}`);
  });
  const reported = results.tests.length;
  if (reported < results.planned) {
    it('ran every test the suite declared', () => {
      throw new Error(`the suite declared ${results.planned} tests but reported ${reported}`);
    });
  }
});
