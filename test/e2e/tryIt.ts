// `npm start`: try the extension in a private VS Code in the browser, for people without a
// desktop VS Code at hand. Builds the production .vsix, installs it into a fresh code-server
// (the one the real-VS-Code tests use, from test/vscode/) with a small sample workspace and
// settings that point it at the local Ollama, or at the DeepSeek API when DEEPSEEK_API_KEY is
// set; prints the address and runs until Ctrl+C, then stops everything it started.
// code-server listens on 127.0.0.1 only and needs no password: open the address on this machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer, installExtension, makeFolders } from './codeServer';
import { packageExtension } from './harness';
import { RUNS_DIR } from './paths';

const SAMPLE: Record<string, string> = {
  'shapes.py': 'import math\n\n\nclass Circle:\n    def __init__(self, radius):\n        self.radius = radius\n\n    def area(self):\n        return math.pi * self.radius ** 2\n',
  'main.py': 'from shapes import Circle\n\n\ndef total_area(circles):\n    # Put the cursor after the colon above and wait for the ghost text; Tab accepts it.\n    \n',
  'README.md': '# DeepSeek FIM sample\n\nOpen main.py and type. The status bar (bottom right) says which backend and model answer; click it for the menu.\n',
};

async function main(): Promise<void> {
  const key = process.env.DEEPSEEK_API_KEY?.trim();
  const runDir = join(RUNS_DIR, `try-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const folders = makeFolders(runDir);
  const workspaceDir = join(runDir, 'sample');
  mkdirSync(workspaceDir, { recursive: true });
  for (const [name, text] of Object.entries(SAMPLE)) writeFileSync(join(workspaceDir, name), text);

  const backend = key ? 'deepseek' : 'ollama';
  const settings = { 'deepseekFim.backend': backend, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'chat.disableAIFeatures': true };
  // code-server is a remote window: machine-scoped settings (the backend) come from the Machine file.
  for (const [file, values] of [['User', settings], ['Machine', { 'deepseekFim.backend': backend }]] as const) {
    mkdirSync(join(folders.userDataDir, file), { recursive: true });
    writeFileSync(join(folders.userDataDir, file, 'settings.json'), JSON.stringify(values, null, 2) + '\n');
  }

  console.log('Building and packaging the extension...');
  const vsix = packageExtension(join(runDir, 'deepseek-fim.vsix'));
  await installExtension(folders, vsix);
  // The tests fence code-server off from every host but this machine; a try-out must reach the
  // DeepSeek API (or an Ollama elsewhere), so the proxy fence is lifted and the key passed on.
  const env: Record<string, string> = { NODE_USE_ENV_PROXY: '0', HTTP_PROXY: '', HTTPS_PROXY: '' };
  if (key) env.DEEPSEEK_API_KEY = key;
  if (process.env.OLLAMA_HOST) env.OLLAMA_HOST = process.env.OLLAMA_HOST;
  const server = await CodeServer.start({ folders, workspaceDir, env });
  const url = `${server.url}/?folder=${encodeURIComponent(workspaceDir)}`;
  console.log('');
  console.log(`DeepSeek FIM is running in VS Code at ${url}`);
  console.log(key ? 'Backend: the DeepSeek API (DEEPSEEK_API_KEY is set; requests are billed).' : `Backend: Ollama at ${process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434'} (deepseek-coder:1.3b-base; pull it first).`);
  console.log(`Everything of this run is in ${runDir}. Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server...');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
