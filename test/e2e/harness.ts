// The real-VS-Code harness: packages the extension with vsce, installs the .vsix into a
// private code-server, opens the workbench in Debian's Chromium through playwright-core, and
// offers what a test needs to act like a user and see what a user sees.
//
// One code-server per suite (each start costs about 8 s). Everything a run writes lives in
// test/vscode/runs/<timestamp>-<suite>/; it is deleted after a clean run and kept (with
// screenshots, code-server's log and the extension's log) after a failure.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CodeServer, installExtension, makeFolders, type CodeServerFolders } from './codeServer';
import { assertLoopbackSettings, assertLoopbackUrl, isLoopbackUrl } from './loopbackFence';
import { installEmptyLanguagePack } from './languagePack';
import { CHROMIUM, REPO_ROOT, RUNS_DIR } from './paths';
import { PeakMemorySampler } from './processTree';
import { manifestSettings } from '../support/manifest';
import { DETERMINISTIC_SETTINGS } from './vscodeSettings';
import { Workbench, type QuickPickItem, type TextExpectation, type TypeOptions } from './workbench';

export { DETERMINISTIC_SETTINGS, extensionSettings } from './vscodeSettings';
export type { QuickPickItem, TextExpectation, TypeOptions } from './workbench';

/** Chromium may reach nothing but loopback; no background traffic of its own. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** Runs of older suites kept on disk at most (failed runs are kept for inspection). */
const KEEP_RUN_FOLDERS = 12;

export interface SmokeTestRun {
  /** Folder of the extension under development (its package.json's `main` is loaded). */
  readonly extensionDevelopmentPath: string;
  /** The bundled mocha entry whose `run()` the extension host calls. */
  readonly extensionTestsPath: string;
}

export interface LaunchOptions {
  /** Names the run folder and the log lines. */
  readonly suite: string;
  /** Workspace files to create, by path relative to the workspace folder. */
  readonly files?: Readonly<Record<string, string>>;
  /** User settings on top of DETERMINISTIC_SETTINGS. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Environment for code-server and the extension host (e.g. DEEPSEEK_API_KEY). */
  readonly env?: Readonly<Record<string, string>>;
  /** A .vsix to install instead of packaging the repository. */
  readonly vsixPath?: string;
  /** Wait for the extension's status-bar item before returning (default true, unless smokeTest). */
  readonly waitForExtension?: boolean;
  /** Run a mocha suite in the extension host via the smoke-test driver instead of installing the .vsix. */
  readonly smokeTest?: SmokeTestRun;
  /** Keep VS Code's workspace trust, so the folder opens in Restricted Mode (default: off). */
  readonly workspaceTrust?: boolean;
  /** The display language, e.g. 'zh-cn' (an empty language pack is registered for it). */
  readonly locale?: { readonly id: string; readonly label: string };
  readonly viewport?: { width: number; height: number };
  readonly deviceScaleFactor?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').replace('Z', '');
}

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

function pruneOldRuns(): void {
  if (!existsSync(RUNS_DIR)) return;
  const runs: { path: string; mtimeMs: number }[] = [];
  for (const name of readdirSync(RUNS_DIR)) {
    try {
      const stat = statSync(join(RUNS_DIR, name));
      if (stat.isDirectory()) runs.push({ path: join(RUNS_DIR, name), mtimeMs: stat.mtimeMs });
    } catch {
      // removed meanwhile by another suite
    }
  }
  runs.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const old of runs.slice(0, Math.max(0, runs.length - KEEP_RUN_FOLDERS))) rmSync(old.path, { recursive: true, force: true });
}

// ---- packaging ------------------------------------------------------------------------------

function runOrThrow(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${(result.stdout ?? '') + (result.stderr ?? '')}`.slice(-4000));
}

/**
 * Bundles dist/ (also dist/test/index.js for the host suite) and packages the .vsix a user
 * installs. DEEPSEEK_FIM_E2E_SKIP_BUILD=1 packages the dist/ already there.
 */
export function packageExtension(outFile: string): string {
  if (process.env.DEEPSEEK_FIM_E2E_SKIP_BUILD !== '1') runOrThrow(process.execPath, ['esbuild.mjs'], 'bundling the extension (node esbuild.mjs)');
  mkdirSync(dirname(outFile), { recursive: true });
  // --no-rewrite-relative-links: without a `repository` in package.json, vsce refuses to
  // rewrite the README's relative image links (media/ghost-text.png) and fails; the links do
  // not matter to the editor under test.
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  runOrThrow(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', outFile], 'vsce package');
  return outFile;
}

/** Bundles dist/ only (the host suite loads the extension from the repository folder). */
export function bundleExtension(): void {
  if (process.env.DEEPSEEK_FIM_E2E_SKIP_BUILD !== '1') runOrThrow(process.execPath, ['esbuild.mjs'], 'bundling the extension (node esbuild.mjs)');
}

// ---- the session ----------------------------------------------------------------------------

export class VsCodeSession {
  /** Set when a step failed: the run folder is then kept. */
  failed = false;
  private settings: Record<string, unknown>;
  private settingsRevision = 0;
  private automationExit: Promise<number>;
  private closed = false;
  private readonly externalRequests: string[] = [];

  private constructor(
    readonly suite: string,
    readonly folders: CodeServerFolders,
    readonly workspaceDir: string,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly workbench: Workbench,
    private readonly memory: PeakMemorySampler,
    private readonly startedAt: number,
    settings: Record<string, unknown>,
    automationExit: Promise<number>,
  ) {
    this.settings = settings;
    this.automationExit = automationExit;
  }

  get runDir(): string {
    return this.folders.runDir;
  }

  get url(): string {
    return this.server.url;
  }

  static async launch(options: LaunchOptions): Promise<VsCodeSession> {
    const startedAt = Date.now();
    pruneOldRuns();
    const runDir = join(RUNS_DIR, `${timestamp()}-${options.suite}`);
    const folders = makeFolders(runDir);
    const workspaceDir = join(runDir, 'workspace');
    mkdirSync(workspaceDir, { recursive: true });
    for (const [path, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(workspaceDir, path)), { recursive: true });
      writeFileSync(join(workspaceDir, path), content);
    }
    const settings = { ...DETERMINISTIC_SETTINGS, ...(options.settings ?? {}) };
    assertLoopbackSettings(settings);
    writeSettingsFile(folders, settings);

    const memory = new PeakMemorySampler(process.pid);
    memory.start();
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    try {
      if (!options.smokeTest) {
        const vsix = options.vsixPath ?? packageExtension(join(runDir, 'deepseek-fim.vsix'));
        const installStarted = Date.now();
        await installExtension(folders, vsix);
        log(`${options.suite}: installed ${relative(REPO_ROOT, vsix)} in ${Date.now() - installStarted} ms`);
      }
      if (options.locale) installEmptyLanguagePack(folders.userDataDir, options.locale.id, options.locale.label);
      const serverStarted = Date.now();
      server = await CodeServer.start({
        locale: options.locale?.id,
        folders,
        workspaceDir,
        env: { ...(options.env ?? {}) },
        vscodeOptions: options.smokeTest ? ['enable-smoke-test-driver'] : [],
        workspaceTrust: options.workspaceTrust,
      });
      assertLoopbackUrl(server.url, 'code-server URL');
      log(`${options.suite}: code-server listening on ${server.url} after ${Date.now() - serverStarted} ms`);

      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        deviceScaleFactor: options.deviceScaleFactor ?? 1,
      });
      const page = await context.newPage();
      const session = new VsCodeSession(options.suite, folders, workspaceDir, server, browser, context, page, new Workbench(page), memory, startedAt, settings, Promise.resolve(-1));
      page.on('request', (request) => {
        const url = request.url();
        if (/^(https?|wss?):/.test(url) && !isLoopbackUrl(url)) session.externalRequests.push(url);
      });
      page.on('console', (message) => {
        if (message.type() === 'error') session.pageErrors.push(message.text());
      });
      await Workbench.prepare(page);
      if (options.smokeTest) {
        // The smoke-test driver calls this with the suite's exit code; it must exist before the page loads.
        let reportExit: (code: number) => void = () => undefined;
        session.automationExit = new Promise<number>((resolve) => {
          reportExit = resolve;
        });
        await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
      }
      await session.navigate(options.smokeTest);
      await session.workbench.waitForWorkbench();
      log(`${options.suite}: workbench up ${Date.now() - startedAt} ms after launch`);
      if (options.waitForExtension ?? !options.smokeTest) {
        const status = await session.workbench.waitForStatusBar(undefined, 90_000);
        log(`${options.suite}: extension active (status bar "${status}") ${Date.now() - startedAt} ms after launch`);
      }
      return session;
    } catch (error) {
      memory.stop();
      if (browser) await browser.close().catch(() => undefined);
      if (server) await server.stop();
      log(`${options.suite}: launch failed; run folder kept: ${relative(REPO_ROOT, runDir)}`);
      throw error;
    }
  }

  private readonly pageErrors: string[] = [];

  private async navigate(smokeTest: SmokeTestRun | undefined): Promise<void> {
    let url = `${this.server.url}/?folder=${encodeURIComponent(this.workspaceDir)}`;
    if (smokeTest) {
      const remote = (path: string) => `vscode-remote://127.0.0.1:${this.server.port}${path}`;
      const payload = [
        ['extensionDevelopmentPath', remote(smokeTest.extensionDevelopmentPath)],
        ['extensionTestsPath', remote(smokeTest.extensionTestsPath)],
      ];
      url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }
    assertLoopbackUrl(url, 'workbench URL');
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  }

  /** Smoke-test-driver runs: the exit code the extension host's `run()` reported. */
  async waitForAutomationExit(timeoutMs: number): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.automationExit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- files --------------------------------------------------------------------------------

  path(relativePath: string): string {
    return join(this.workspaceDir, relativePath);
  }

  /** The file as it is on disk (what Ctrl+S wrote), byte for byte as UTF-8. */
  readFile(relativePath: string): string {
    return readFileSync(this.path(relativePath), 'utf8');
  }

  writeFile(relativePath: string, content: string): string {
    const full = this.path(relativePath);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  }

  /** Writes a file into the workspace and opens it with the cursor at a 1-based line and column. */
  async openFile(relativePath: string, line = 1, column = 1): Promise<void> {
    await this.workbench.openFile(this.path(relativePath), line, column);
  }

  // ---- settings -----------------------------------------------------------------------------

  /**
   * Merges `changes` into the user settings (a key set to undefined is removed) the way a user
   * does: Preferences: Open User Settings (JSON), replace the text, Ctrl+S, close the editor.
   * Returns once the file on disk holds them and the workbench has applied them (each update
   * also sets a status-bar border colour, and the wait ends when the workbench's CSS shows it).
   *
   * Writing settings.json behind the editor's back is not enough: code-server 4.139's watcher
   * sees the change, but the workbench does not reload the file.
   */
  async updateSettings(changes: Readonly<Record<string, unknown>>, timeoutMs = 20_000): Promise<void> {
    assertLoopbackSettings(changes);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete this.settings[key];
      else this.settings[key] = value;
    }
    this.settingsRevision++;
    const marker = `#0000${(this.settingsRevision % 256).toString(16).padStart(2, '0')}`;
    const colors = { ...((this.settings['workbench.colorCustomizations'] as Record<string, string> | undefined) ?? {}), 'statusBar.border': marker };
    const wanted = { ...this.settings, 'workbench.colorCustomizations': colors };
    const file = join(this.folders.userDataDir, 'User', 'settings.json');
    await this.workbench.runCommand('Preferences: Open User Settings (JSON)');
    // VS Code 1.139 opens it in a modal editor, without a tab: recognise it by its text.
    await this.workbench.waitFor('the user settings.json editor', () => this.workbench.editorText(), (text) => text.includes('"security.workspace.trust.enabled"'), timeoutMs);
    await this.workbench.replaceEditorText(JSON.stringify(wanted, null, 2) + '\n');
    await this.pressKey('Control+S');
    await this.workbench.waitFor(
      'settings.json saved',
      async () => {
        try {
          return JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
        } catch {
          return '';
        }
      },
      (text) => text === JSON.stringify(wanted),
      timeoutMs,
    );
    await this.workbench.waitFor(
      `settings revision ${this.settingsRevision} applied`,
      () => this.page.evaluate(() => getComputedStyle(document.querySelector('.monaco-workbench') as Element).getPropertyValue('--vscode-statusBar-border').trim().toLowerCase()),
      (value) => value === marker,
      timeoutMs,
    );
    await this.workbench.runCommand('View: Close Editor');
  }

  /**
   * A settings file as it is on disk, parsed: 'user' is the User settings.json the workbench
   * edits; 'machine' is the remote machine's settings.json, where VS Code writes machine-scoped
   * settings of a remote window (code-server is one). {} when missing or unreadable.
   */
  settingsOnDisk(which: 'user' | 'machine'): Record<string, unknown> {
    const file = join(this.folders.userDataDir, which === 'user' ? 'User' : 'Machine', 'settings.json');
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  // ---- what a user does and sees (see Workbench) --------------------------------------------

  typeText(text: string, options?: TypeOptions): Promise<void> {
    return this.workbench.typeText(text, options);
  }

  pressKey(key: string): Promise<void> {
    return this.workbench.pressKey(key);
  }

  ghostText(): Promise<string> {
    return this.workbench.ghostText();
  }

  waitForGhostText(expected?: TextExpectation, timeoutMs?: number): Promise<string> {
    return this.workbench.waitForGhostText(expected, timeoutMs);
  }

  waitForNoGhostText(timeoutMs?: number): Promise<void> {
    return this.workbench.waitForNoGhostText(timeoutMs);
  }

  statusBarText(): Promise<string | undefined> {
    return this.workbench.statusBarText();
  }

  waitForStatusBar(expected?: TextExpectation, timeoutMs?: number): Promise<string> {
    return this.workbench.waitForStatusBar(expected, timeoutMs);
  }

  notificationCount(): Promise<number> {
    return this.workbench.notificationCount();
  }

  notifications(): Promise<string[]> {
    return this.workbench.notifications();
  }

  notificationHistory(): Promise<string[][]> {
    return this.workbench.notificationHistory();
  }

  visibleNotifications(): Promise<string[]> {
    return this.workbench.visibleNotifications();
  }

  clickStatusBarItem(timeoutMs?: number): Promise<void> {
    return this.workbench.clickStatusBarItem(timeoutMs);
  }

  waitForQuickPick(title?: TextExpectation, timeoutMs?: number): Promise<QuickPickItem[]> {
    return this.workbench.waitForQuickPick(title, timeoutMs);
  }

  pickQuickItem(label: string, timeoutMs?: number): Promise<void> {
    return this.workbench.pickQuickItem(label, timeoutMs);
  }

  editorText(): Promise<string> {
    return this.workbench.editorText();
  }

  waitFor<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs?: number, intervalMs?: number): Promise<T> {
    return this.workbench.waitFor(what, read, accept, timeoutMs, intervalMs);
  }

  /** Saves the active editor with Ctrl+S and waits until the file on disk holds `expected`. */
  async save(relativePath: string, expected: string | ((content: string) => boolean), timeoutMs = 10_000): Promise<string> {
    await this.pressKey('Control+S');
    const accept = typeof expected === 'string' ? (c: string) => c === expected : expected;
    return this.waitFor(`${relativePath} on disk`, async () => this.readFile(relativePath), accept, timeoutMs);
  }

  // ---- evidence -----------------------------------------------------------------------------

  async screenshot(name: string): Promise<string> {
    const path = join(this.runDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await this.workbench.screenshot(path);
    return path;
  }

  /** The extension's own log ("DeepSeek FIM" log channel) from the extension host's log folder. */
  extensionLog(): string {
    const logsDir = join(this.folders.userDataDir, 'logs');
    const found: string[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/DeepSeek FIM\.log$/.test(entry.name)) found.push(full);
      }
    };
    walk(logsDir);
    return found.map((file) => readFileSync(file, 'utf8')).join('\n');
  }

  /**
   * Runs one step of a test; on failure it saves a screenshot, what was on screen and the
   * extension's log into the run folder (kept), then rethrows.
   */
  async step<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      this.failed = true;
      try {
        const shot = await this.screenshot(`FAILED-${name}`);
        const facts = {
          step: name,
          error: String(error),
          ghostText: await this.ghostText().catch(() => '?'),
          statusBar: await this.statusBarText().catch(() => '?'),
          notifications: await this.notifications().catch(() => []),
          cursor: await this.workbench.cursorPosition().catch(() => '?'),
          pageErrors: this.pageErrors.slice(-20),
        };
        writeFileSync(join(this.runDir, `FAILED-${name.replace(/[^\w.-]+/g, '_')}.json`), JSON.stringify(facts, null, 2) + '\n');
        writeFileSync(join(this.runDir, 'extension.log'), this.extensionLog());
        log(`${this.suite}: step "${name}" failed; screenshot ${relative(REPO_ROOT, shot)}, code-server log ${relative(REPO_ROOT, this.folders.logFile)}`);
      } catch (evidenceError) {
        log(`${this.suite}: could not save evidence for "${name}": ${String(evidenceError)}`);
      }
      throw error;
    }
  }

  /** Crops a screenshot of the editor area and stores it at `target` (e.g. media/ghost-text.png). */
  async screenshotEditor(target: string): Promise<void> {
    const temporary = join(this.runDir, 'editor-screenshot.png');
    await this.workbench.screenshotEditor(temporary);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(temporary, target);
  }

  // ---- shutdown -----------------------------------------------------------------------------

  /** Closes Chromium, kills code-server's whole process tree, and removes the run folder unless something failed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failed) writeFileSync(join(this.runDir, 'extension.log'), this.extensionLog());
    await this.context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    this.memory.sample();
    this.memory.stop();
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    log(`${this.suite}: ran ${seconds} s; peak memory of the test process, code-server and Chromium together: ${mb(this.memory.peakPssBytes)} MB PSS (${mb(this.memory.peakRssBytes)} MB summed RSS)`);
    if (this.externalRequests.length > 0) log(`${this.suite}: the page tried to reach (blocked): ${[...new Set(this.externalRequests)].slice(0, 10).join(', ')}`);
    if (this.failed || process.env.DEEPSEEK_FIM_KEEP_RUNS === '1') {
      log(`${this.suite}: run folder kept: ${relative(REPO_ROOT, this.runDir)}`);
    } else {
      // Renaming first makes the delete safe against anything still writing into the folder.
      const doomed = `${this.runDir}.deleting`;
      renameSync(this.runDir, doomed);
      rmSync(doomed, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/** The settings code-server starts with (read once at start-up; later changes go through updateSettings). */
function writeSettingsFile(folders: CodeServerFolders, settings: Record<string, unknown>): void {
  const file = join(folders.userDataDir, 'User', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
  // code-server is a remote window: machine-scoped settings apply from the remote machine's
  // settings file (User values are dropped once the workbench re-reads them), as for a user.
  const machine = Object.fromEntries(Object.entries(settings).filter(([key]) => MACHINE_SCOPED.has(key)));
  const machineFile = join(folders.userDataDir, 'Machine', 'settings.json');
  mkdirSync(dirname(machineFile), { recursive: true });
  writeFileSync(machineFile, JSON.stringify(machine, null, 2) + '\n');
}

/** The extension's machine-scoped settings, from its manifest. */
const MACHINE_SCOPED = new Set(
  Object.entries(manifestSettings())
    .filter(([, schema]) => schema.scope === 'machine')
    .map(([key]) => key),
);

export function launchVsCode(options: LaunchOptions): Promise<VsCodeSession> {
  return VsCodeSession.launch(options);
}

export { sleep };
