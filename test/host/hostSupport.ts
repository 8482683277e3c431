// Helpers for the suite that runs inside the extension host: the extension's API, settings
// changes as a user makes them (User settings), editors, and bounded waits.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'deepseek-fim.deepseek-fim';
export const SECTION = 'deepseekFim';

/** The DeepSeek Coder FIM tokens, written out here so that a wrong token in src/ is caught. */
export const FIM_BEGIN = '<\uFF5Cfim\u2581begin\uFF5C>';
export const FIM_HOLE = '<\uFF5Cfim\u2581hole\uFF5C>';
export const FIM_END = '<\uFF5Cfim\u2581end\uFF5C>';

export function fimPrompt(prefix: string, suffix: string): string {
  return `${FIM_BEGIN}${prefix}${FIM_HOLE}${suffix}${FIM_END}`;
}

/** What activate() returns: the controller, whose status bar the tests read. */
export interface ExtensionApi {
  readonly controller?: { readonly statusBar?: { readonly text?: string } };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function activateExtension(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  return (await extension.activate()) ?? {};
}

export async function statusBarText(): Promise<string> {
  const api = await activateExtension();
  return api.controller?.statusBar?.text ?? '';
}

/** Polls until `predicate` holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(intervalMs);
  }
}

/** Sets a deepseekFim.* user setting (undefined removes it) and waits until it reads back. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  await waitUntil(`${SECTION}.${key} reads ${JSON.stringify(value)}`, () => {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
    return JSON.stringify(inspected?.globalValue) === JSON.stringify(value);
  });
}

/** A new untitled document with `content`, shown with the cursor at a 0-based line and character. */
export async function openEditor(languageId: string, content: string, line: number, character: number): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: languageId, content });
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

/** Closes every editor without asking to save the untitled documents the tests made. */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}
