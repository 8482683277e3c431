// First run: if Ollama does not answer and no DeepSeek key exists, say once how to get going.
// Never shown again once answered or dismissed.
import * as vscode from 'vscode';
import { resolveOllamaHost } from '../backends/endpointPolicy';
import { ollamaVersion } from '../backends/ollama/admin';
import type { Controller } from './controller';

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
    // Neither backend is usable: offer both ways.
  }
  await context.globalState.update(SHOWN_KEY, true);
  const setUpOllama = 'Set up Ollama';
  const useApi = 'Use the DeepSeek API';
  const picked = await vscode.window.showInformationMessage(
    'DeepSeek FIM needs a model: run DeepSeek Coder locally with Ollama, or use the hosted DeepSeek API (code is sent to DeepSeek).',
    setUpOllama,
    useApi,
  );
  if (picked === setUpOllama) {
    // The README shipped in the extension has the Ollama section; no network needed to read it.
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md'));
  } else if (picked === useApi) {
    if (await controller.keys.promptAndStore()) {
      await vscode.workspace.getConfiguration('deepseekFim').update('backend', 'deepseek', vscode.ConfigurationTarget.Global);
    }
  }
}
