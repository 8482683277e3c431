#!/usr/bin/env node
// `npm run test:electron`: the extension-host suite (test/host/, bundled to dist/test/index.js)
// in a desktop VS Code that @vscode/test-electron downloads from Microsoft's servers. The same
// suite runs on code-server through its smoke-test driver (test/e2e/hostSuite.test.ts), which
// is what `npm test` uses on machines that cannot download VS Code.
//
//   npm run test:electron                           latest stable VS Code
//   VSCODE_TEST_VERSION=1.90.0 npm run test:electron  the oldest VS Code the manifest allows
//   VSCODE_EXECUTABLE=/usr/bin/code npm run test:electron  a VS Code already installed
//
// On Linux without a display it re-runs itself under `xvfb-run -a` when that is installed.
// Prints one final line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import testElectron from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.DEEPSEEK_FIM_UNDER_XVFB) {
  const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' });
  if (xvfb.status === 0) {
    const again = spawnSync('xvfb-run', ['-a', process.execPath, fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, DEEPSEEK_FIM_UNDER_XVFB: '1' },
    });
    process.exit(again.status ?? 1);
  }
  console.warn('[test:electron] no DISPLAY and no xvfb-run: desktop VS Code may fail to start (apt-get install -y xvfb).');
}

// Bundles dist/extension.js and dist/test/index.js (the mocha entry).
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'deepseek-fim-electron-'));
const workspace = join(scratch, 'workspace');
const userDataDir = join(scratch, 'user-data');
const extensionsDir = join(scratch, 'extensions');
mkdirSync(workspace, { recursive: true });
mkdirSync(join(userDataDir, 'User'), { recursive: true });
// The same deterministic start as on code-server: no Restricted Mode, nothing stealing focus.
writeFileSync(
  join(userDataDir, 'User', 'settings.json'),
  JSON.stringify(
    {
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
      'editor.suggestOnTriggerCharacters': false,
    },
    null,
    2,
  ),
);

const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const resultsFile = join(resultsDir, 'host-electron.json');
rmSync(resultsFile, { force: true });

let exitCode = 1;
try {
  exitCode = await testElectron.runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist', 'test', 'index.js'),
    extensionTestsEnv: { DEEPSEEK_FIM_HOST_RESULTS: resultsFile },
    launchArgs: [
      workspace,
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${extensionsDir}`,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ],
  });
} catch (error) {
  console.error(`[test:electron] ${error instanceof Error ? error.message : String(error)}`);
}

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const test of results.tests) {
    console.log(`${test.state === 'passed' ? 'ok  ' : 'FAIL'} ${test.fullTitle}${test.error ? `\n     ${test.error.split('\n')[0]}` : ''}`);
  }
  passed = results.passed;
  failed = results.failed + Math.max(0, results.planned - results.tests.length);
  console.log(`[test:electron] VS Code ${results.vscodeVersion}; results in ${resultsFile}`);
} else {
  console.error('[test:electron] the suite wrote no results (VS Code did not start, or run() was never called)');
}
if (exitCode !== 0 && failed === 0) failed = 1;
rmSync(scratch, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
