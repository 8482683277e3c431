// A private code-server (VS Code 1.139 on Node 24) per suite: its own user data, extensions,
// XDG and home folders inside the run folder, auth off, bound to 127.0.0.1 on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, assertToolsInstalled } from './paths';
import { killProcessTree, processTree } from './processTree';

export interface CodeServerFolders {
  readonly runDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly configFile: string;
  readonly logFile: string;
}

export interface CodeServerOptions {
  readonly folders: CodeServerFolders;
  /** Extra environment for code-server and so for the extension host (e.g. DEEPSEEK_API_KEY). */
  readonly env?: Record<string, string>;
  /** Extra VS Code options, e.g. `enable-smoke-test-driver` (passed as --vscode-option). */
  readonly vscodeOptions?: readonly string[];
  /** Keep VS Code's workspace trust (off by default: every other suite runs trusted). */
  readonly workspaceTrust?: boolean;
  /** The display language (`--locale`); it needs an entry in languagepacks.json (languagePack.ts). */
  readonly locale?: string;
  readonly workspaceDir: string;
  readonly startTimeoutMs?: number;
}

/** Variables that would leak the developer's own editor, keys or Ollama into the run. */
const LEAKY_ENV = /^(VSCODE_|ELECTRON_|OLLAMA_|DEEPSEEK_|NODE_OPTIONS$|CODE_SERVER_|PASSWORD$|HASHED_PASSWORD$)/;

export function makeFolders(runDir: string): CodeServerFolders {
  const folders: CodeServerFolders = {
    runDir,
    userDataDir: join(runDir, 'user-data'),
    extensionsDir: join(runDir, 'extensions'),
    configFile: join(runDir, 'config.yaml'),
    logFile: join(runDir, 'code-server.log'),
  };
  for (const dir of [folders.userDataDir, folders.extensionsDir, ...Object.values(xdgDirs(runDir))]) mkdirSync(dir, { recursive: true });
  writeFileSync(folders.configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return folders;
}

function xdgDirs(runDir: string): Record<string, string> {
  return {
    HOME: join(runDir, 'home'),
    XDG_CONFIG_HOME: join(runDir, 'xdg', 'config'),
    XDG_DATA_HOME: join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: join(runDir, 'xdg', 'cache'),
    XDG_STATE_HOME: join(runDir, 'xdg', 'state'),
  };
}

function environment(runDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!LEAKY_ENV.test(key)) env[key] = value;
  return {
    ...env,
    ...xdgDirs(runDir),
    // Else the workbench asks the server to reach the public extension gallery.
    EXTENSIONS_GALLERY: '{}',
    // Fence for the server side: Node 24 sends http(s) and fetch() through this proxy, a closed
    // loopback port, for every host but this machine.
    NODE_USE_ENV_PROXY: '1',
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost,::1',
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function baseArgs(folders: CodeServerFolders): string[] {
  return [CODE_SERVER_ENTRY, '--config', folders.configFile, '--user-data-dir', folders.userDataDir, '--extensions-dir', folders.extensionsDir];
}

/** `code-server --install-extension x.vsix --force` into the private extensions folder. */
export async function installExtension(folders: CodeServerFolders, vsixPath: string, timeoutMs = 120_000): Promise<void> {
  assertToolsInstalled();
  const log = createWriteStream(folders.logFile, { flags: 'a' });
  log.write(`$ code-server --install-extension ${vsixPath} --force\n`);
  const child = spawn(NODE24, [...baseArgs(folders), '--install-extension', vsixPath, '--force'], {
    env: environment(folders.runDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      void killProcessTree(child.pid as number);
      reject(new Error(`installing the .vsix took over ${timeoutMs} ms; see ${folders.logFile}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  await new Promise<void>((resolve) => log.end(resolve));
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsixPath} failed (exit ${code}):\n${output.slice(-2000)}`);
  }
}

/** Servers still running, killed if the test process ends without closing them. */
const live = new Set<number>();
let exitHooksInstalled = false;

function killLiveServersNow(): void {
  for (const pid of live) {
    for (const member of processTree(pid).reverse()) {
      try {
        process.kill(member, 'SIGKILL');
      } catch {
        // gone
      }
    }
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // group empty
    }
  }
  live.clear();
}

/** A test process stopped by a timeout or Ctrl+C must not leave a code-server running. */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killLiveServersNow);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      killLiveServersNow();
      process.exit(code);
    });
  }
}

export class CodeServer {
  private exited = false;
  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
    private readonly log: WriteStream,
  ) {
    process.on('exit', () => {
      this.exited = true;
    });
  }

  private record(chunk: Buffer): void {
    if (!this.log.writableEnded) this.log.write(chunk);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.process.pid as number;
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    assertToolsInstalled();
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    let lastError: unknown;
    // A free port can be taken between the probe and the bind: try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        return await CodeServer.startOn(port, options, timeoutMs);
      } catch (error) {
        lastError = error;
        if (!/EADDRINUSE/.test(String(error))) break;
      }
    }
    throw lastError;
  }

  private static async startOn(port: number, options: CodeServerOptions, timeoutMs: number): Promise<CodeServer> {
    const { folders } = options;
    const log = createWriteStream(folders.logFile, { flags: 'a' });
    const args = [
      ...baseArgs(folders),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...(options.locale ? ['--locale', options.locale] : []),
      ...(options.vscodeOptions ?? []).flatMap((option) => ['--vscode-option', option]),
      // For debugging a run, e.g. DEEPSEEK_FIM_CODE_SERVER_ARGS='--log trace'.
      ...(process.env.DEEPSEEK_FIM_CODE_SERVER_ARGS?.split(/\s+/).filter(Boolean) ?? []),
      options.workspaceDir,
    ];
    log.write(`$ code-server ${args.slice(1).join(' ')}\n`);
    // Its own process group, so that nothing of it outlives the suite.
    const child = spawn(NODE24, args, { env: environment(folders.runDir, options.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    installExitHooks();
    if (child.pid !== undefined) live.add(child.pid);
    const server = new CodeServer(child, port, log);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => server.record(chunk));
    child.stderr?.on('data', (chunk: Buffer) => server.record(chunk));
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => fail(new Error(`code-server did not listen within ${timeoutMs} ms`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (!settled && /HTTP server listening/.test(output)) {
          settled = true;
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.stderr?.off('data', onData);
          resolve();
        }
      };
      function fail(error: Error): void {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void server.stop().finally(() => reject(new Error(`${error.message}; output:\n${output.slice(-2000)}`)));
      }
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('error', fail);
      child.on('exit', (code) => fail(new Error(`code-server exited with ${code} before listening`)));
    });
    return server;
  }

  /** Kills code-server and everything it started (extension host, watchers, language servers). */
  async stop(): Promise<void> {
    if (this.process.pid !== undefined) live.delete(this.process.pid);
    if (!this.exited && this.process.pid !== undefined) await killProcessTree(this.process.pid);
    else if (this.process.pid !== undefined) await killProcessTree(this.process.pid, 500);
    // Anything left in its process group (re-parented to init) goes too.
    try {
      if (this.process.pid !== undefined) process.kill(-this.process.pid, 'SIGKILL');
    } catch {
      // group already empty
    }
    if (!this.log.writableEnded) await new Promise<void>((resolve) => this.log.end(resolve));
  }
}
