// Helpers for the suite that runs inside the extension host: the extension's API, settings
// changes as a user makes them (User settings), editors, and bounded waits.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'deepseek-fim.deepseek-fim';
export const SECTION = 'deepseekFim';

/** The DeepSeek Coder FIM tokens, written out here so that a wrong token in src/ is caught. */
export const FIM_BEGIN = '<\uFF5Cfim\u2581begin\uFF5C>';
export const FIM_HOLE = '<\uFF5Cfim\u2581hole\uFF5C>';
export const FIM_END = '<\uFF5Cfim\u2581end\uFF5C>';

/** The prompt as sent: the typed part of the cursor line follows the end token, as already-written middle. */
export function fimPrompt(prefix: string, suffix: string): string {
  const lineStart = prefix.lastIndexOf('\n') + 1;
  return `${FIM_BEGIN}${prefix.slice(0, lineStart)}${FIM_HOLE}${suffix}${FIM_END}${prefix.slice(lineStart)}`;
}

/** The text before the cursor in a sent prompt: the prefix before the hole, then the written middle after the end token. */
export function textBeforeCursor(prompt: string): string {
  const hole = prompt.lastIndexOf(FIM_HOLE);
  const end = prompt.lastIndexOf(FIM_END);
  if (hole < 0 || end < hole) return prompt;
  return prompt.slice(0, hole) + prompt.slice(end + FIM_END.length);
}

/** What activate() returns: the controller, whose status bar the tests read. */
export interface ExtensionApi {
  readonly controller?: { readonly statusBar?: { readonly text?: string } };
}

/** The parts of the extension's controller (activate()'s API) that the document and privacy tests drive. */
export interface ControllerApi {
  readonly statusBar: { readonly text: string };
  readonly notifier: {
    readonly count: number;
    readonly shown: readonly { readonly severity: string; readonly message: string; readonly actions: readonly string[] }[];
    forget(key: string): void;
  };
  readonly keys: { store(key: string): Promise<void>; clear(): Promise<void> };
  readonly engine: {
    reset(): void;
    readonly stats: { readonly requests: number; readonly typedAheadHits: number; readonly inFlightReuses: number };
    /** Requests made to predict the completion after a shown one's accept (counted in stats.requests too). */
    readonly predictions: { readonly stats: { readonly requested: number } };
  };
  readonly channel: vscode.LogOutputChannel;
  /** Undefined when completions may be requested for the document, else why not. */
  blockReason(document: vscode.TextDocument): string | undefined;
}

export async function controllerApi(): Promise<ControllerApi> {
  const controller = (await activateExtension()).controller as unknown as ControllerApi | undefined;
  if (!controller) throw new Error('activate() returned no controller');
  return controller;
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
  await setUserSetting(SECTION, key, value);
}

/** Sets any user setting (e.g. files.readonlyInclude; undefined removes it) and waits until it reads back. */
export async function setUserSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
  await waitUntil(`${section}.${key} reads ${JSON.stringify(value)}`, () => {
    const inspected = vscode.workspace.getConfiguration(section).inspect(key);
    return JSON.stringify(inspected?.globalValue) === JSON.stringify(value);
  });
}

/** A new untitled document with `content`, shown with the cursor at a 0-based line and character. */
export async function openEditor(languageId: string, content: string, line: number, character: number): Promise<vscode.TextEditor> {
  let document = await vscode.workspace.openTextDocument({ language: languageId, content });
  if (document.getText() !== content) {
    // VS Code can hand back the "Untitled-N" a previous test closed but had not yet disposed,
    // with its old text (seen once in CI): use a name nobody used instead.
    document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/${unique('host-test')}` }));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), content);
    await vscode.workspace.applyEdit(edit);
    document = await vscode.languages.setTextDocumentLanguage(document, languageId);
  }
  if (document.getText() !== content) throw new Error(`the new untitled document holds ${JSON.stringify(document.getText().slice(0, 80))}, not the test's text`);
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

/**
 * Closes every editor (text, notebook, search editor) without asking to save the untitled
 * documents the tests made.
 */
export async function closeAllEditors(): Promise<void> {
  const openTabs = () => vscode.window.tabGroups.all.reduce((count, group) => count + group.tabs.length, 0);
  for (let i = 0; i < 30 && (openTabs() > 0 || vscode.window.activeTextEditor); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/** Long enough for a keystroke's request to reach a fixture: the debounce (200 ms) and then some. */
export const QUIET_MS = 1500;

/** The primary cursor at a 0-based line and character. */
export function placeCursor(editor: vscode.TextEditor, line: number, character: number): void {
  editor.selection = new vscode.Selection(line, character, line, character);
}

/**
 * Asks for a completion and accepts it as a user would (Alt+\ then Tab): until the answer arrives
 * there is nothing to accept, so this repeats until the document's text changes. Returns the text.
 */
export async function acceptCompletion(editor: vscode.TextEditor, timeoutMs = 15_000): Promise<string> {
  const before = editor.document.getText();
  await waitUntil(
    'a completion is shown and accepted',
    async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.getText() !== before;
    },
    timeoutMs,
    200,
  );
  return editor.document.getText();
}

/** Triggers and tries to accept a completion for `ms`, as a user pressing Alt+\ and Tab would. */
export async function tryToAccept(ms = QUIET_MS): Promise<void> {
  const deadline = Date.now() + ms;
  do {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await sleep(200);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
  } while (Date.now() < deadline);
}

/** Unique names for the tests' documents: the engine answers a prompt it has seen from its cache. */
let uniqueCounter = 0;
export function unique(stem: string): string {
  return `${stem}_${Date.now().toString(36)}_${++uniqueCounter}`;
}

/** Waits until the status bar's text matches; on timeout says what it read. */
export async function waitForStatus(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const text = async () => (await controllerApi()).statusBar.text;
  try {
    await waitUntil(`the status bar matches ${pattern}`, async () => pattern.test(await text()), timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message} (it reads "${await text()}")`);
  }
}

/** The status-bar item's tooltip as the user reads it. */
export async function statusBarTooltip(): Promise<string> {
  const item = ((await controllerApi()).statusBar as unknown as { item?: vscode.StatusBarItem }).item;
  if (!item) throw new Error('the status bar no longer keeps its item in `item`: update this helper');
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

/**
 * Opens a new editor and asks for a completion, as a keystroke would. Each call uses a new
 * function name: the same prompt again would be answered from the cache without a request.
 */
export async function askForCompletion(language: 'python' | 'typescript' = 'python'): Promise<void> {
  const name = unique('add');
  if (language === 'python') await openEditor('python', `def ${name}(a, b):\n    return \n`, 1, 11);
  else await openEditor('typescript', `function ${name}(a: number, b: number) {\n  return \n}\n`, 1, 9);
  await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
}
