// First run: if Ollama does not answer and no DeepSeek key exists, open the walkthrough once:
// its steps pick a backend, pull a model or set the key, and try a completion. Never opened
// again by itself once shown (the status-bar menu and the palette still reach it).
import * as vscode from 'vscode';
import { resolveOllamaHost } from '../backends/endpointPolicy';
import { ollamaVersion } from '../backends/ollama/admin';
import type { Controller } from './controller';
import { openWalkthrough } from './walkthrough';

const SHOWN_KEY = 'deepseekFim.firstRunShown';

export async function maybeShowFirstRun(context: vscode.ExtensionContext, controller: Controller): Promise<void> {
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  if (controller.keys.current) return;
  const settings = controller.backendSettings;
  if (settings.backend !== 'ollama') return;
  try {
    await ollamaVersion(resolveOllamaHost(settings.ollamaHost), { allowRemoteHttp: settings.ollamaAllowRemoteHttp });
    return; // Ollama answers: nothing to set up.
  } catch {
    // Neither backend is usable: the walkthrough offers both ways.
  }
  await context.globalState.update(SHOWN_KEY, true);
  controller.log.info('first run: Ollama did not answer and no DeepSeek key is set: opened the walkthrough');
  await openWalkthrough(context.extension.id);
}
