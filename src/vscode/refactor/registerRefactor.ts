// "DeepSeek FIM: Refactor Selection...": the selection and an instruction go to a chat model,
// the cleaned answer is shown as a diff for review, and Apply makes it one undoable edit.
//
// Nothing is lost: the file is touched only by Apply, and only if the selected code is still
// exactly what the model was shown (edits before it just move it; an edit inside it refuses
// the change). Cancel, Discard, an empty answer, a cut-off answer or an error leave the file
// as it was and say why once.
import * as vscode from 'vscode';
import { buildRefactorPrompt } from '../../engine/refactor/buildRefactorPrompt';
import { looksBinary, refactorAnswerTokens } from '../../engine/refactor/answerLimits';
import { cleanAnswer } from '../../engine/refactor/cleanAnswer';
import type { BackendError } from '../../engine/errors';
import type { Logger } from '../../engine/types';
import { shownText } from '../../engine/untrustedText';
import { allowHostedInUntrusted } from '../config';
import type { Controller } from '../controller';
import { toDocumentEol } from '../documentView';
import { isExcluded, whyIneligible } from '../eligibility';
import { NOTIFICATION_MAX_CHARS } from '../notifier';
import { RangeTracker } from './rangeTracker';
import { RecentInstructions } from './recentInstructions';
import { readRefactorSettings, REFACTOR_COMMAND, refactorModel, type RefactorSettings } from './refactorSettings';
import { requestRewrite } from './requestRewrite';
import { PROPOSAL_SCHEME, ProposalDocuments, reviewProposal } from './reviewProposal';
import { TypingPause } from './typingPause';

export { REFACTOR_COMMAND } from './refactorSettings';

export interface RefactorDeps {
  readonly controller: Controller;
  readonly log: Logger;
}

interface RefactorEnv extends RefactorDeps {
  readonly proposals: ProposalDocuments;
  readonly recent: RecentInstructions;
}

interface Action {
  readonly title: string;
  readonly run: () => unknown;
}

export function registerRefactor(context: vscode.ExtensionContext, deps: RefactorDeps): vscode.Disposable[] {
  const proposals = new ProposalDocuments();
  const env: RefactorEnv = { ...deps, proposals, recent: new RecentInstructions(context.globalState) };
  let running = false;
  const command = vscode.commands.registerCommand(REFACTOR_COMMAND, async () => {
    // One at a time: a second review on top of the first would be confusing to answer.
    if (running) {
      void vscode.window.showInformationMessage('DeepSeek FIM: a refactor is already in progress: finish or cancel it first.');
      return;
    }
    running = true;
    try {
      await refactorSelection(env);
    } catch (error) {
      deps.log.error(`refactor: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      tell(env, 'error', 'DeepSeek FIM: the refactor failed unexpectedly; the file was not changed.', [showLog(env)]);
    } finally {
      running = false;
    }
  });
  return [command, vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals), proposals];
}

async function refactorSelection(env: RefactorEnv): Promise<void> {
  const { log } = env;
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    tell(env, 'info', 'DeepSeek FIM: select the code to refactor first.');
    return;
  }
  if (editor.selections.length > 1) {
    tell(env, 'info', 'DeepSeek FIM: Refactor Selection works on one selection at a time.');
    return;
  }
  const document = editor.document;
  const settings = readRefactorSettings();
  const apiKey = env.controller.keys.current;
  if (!refuseUnsendable(env, document, settings, apiKey)) return;
  // Binary opened as text is not code: refused before anything is asked or sent, as completions are.
  if (looksBinary(document.getText(editor.selection))) {
    tell(env, 'warning', 'DeepSeek FIM: the selection holds NUL bytes or binary data, so it was not sent. Select text code to refactor.');
    return;
  }

  const fileLabel = vscode.workspace.asRelativePath(document.uri, false);
  const instruction = await env.recent.ask(fileLabel);
  if (!instruction) return;

  // What the model is shown, and where it is: the selection as it is now (the prompt stays open
  // while the user looks at the code), followed by the tracker through any edit the user makes
  // while the model works.
  const selection = editor.selection;
  if (selection.isEmpty || document.isClosed) {
    tell(env, 'info', 'DeepSeek FIM: the selection is gone; select the code and run the command again.');
    return;
  }
  const selectedText = document.getText(selection);
  const tracker = new RangeTracker(document.offsetAt(selection.start), document.offsetAt(selection.end));
  let closed = false;
  const typing = new TypingPause();
  const watchers = [
    typing,
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document) tracker.apply(event.contentChanges);
    }),
    vscode.workspace.onDidCloseTextDocument((closedDocument) => {
      if (closedDocument === document) closed = true;
    }),
  ];
  try {
    const before = toLf(document.getText(new vscode.Range(new vscode.Position(0, 0), selection.start)));
    const after = toLf(document.getText(new vscode.Range(selection.end, document.lineAt(document.lineCount - 1).range.end)));
    const messages = buildRefactorPrompt({
      languageId: document.languageId,
      fileName: fileLabel,
      before,
      selection: toLf(selectedText),
      after,
      instruction,
      contextChars: settings.contextChars,
    });
    // The selection may have changed while the instruction was typed, and the code around it is sent too.
    if (looksBinary(selectedText) || messages.some((message) => message.content.includes('\u0000'))) {
      tell(env, 'warning', 'DeepSeek FIM: the selection or the code around it holds NUL bytes or binary data, so nothing was sent.');
      return;
    }
    await env.recent.remember(instruction);
    log.info(`refactor: ${fileLabel}, ${selectedText.length} chars selected, ${settings.useDeepSeek ? 'DeepSeek' : 'Ollama'} ${refactorModel(settings)}; instruction: ${instruction}`);

    const outcome = await requestRewrite({
      settings,
      apiKey,
      messages,
      fileLabel,
      log,
      maxTokens: refactorAnswerTokens(selectedText.length, settings.useDeepSeek && settings.thinking),
      onDeepSeekUsage: (usage) => env.controller.hooks.onUsage?.(usage),
    });
    if (outcome.kind === 'cancelled') {
      log.info('refactor: cancelled; the file was not changed');
      vscode.window.setStatusBarMessage('DeepSeek FIM: refactor cancelled; the file was not changed.', 5000);
      return;
    }
    if (outcome.kind === 'failed') {
      reportFailure(env, outcome.error, settings);
      return;
    }
    if (outcome.end.finishReason === 'length') {
      log.warn(`refactor: the answer was cut off at the output limit after ${outcome.text.length} chars`);
      tell(env, 'warning', 'DeepSeek FIM: the model\'s answer was cut off at its output limit, so nothing was changed. Select less code and try again.', [showLog(env)]);
      return;
    }
    const linePrefix = before.slice(before.lastIndexOf('\n') + 1);
    const cleaned = cleanAnswer(outcome.text, { text: toLf(selectedText), linePrefix }, { indentUnit: indentUnitOf(editor) });
    if (cleaned.code === '') {
      log.warn(`refactor: the answer held no code (${outcome.text.length} chars): ${JSON.stringify(outcome.text.slice(0, 2000))}`);
      const why = outcome.text.trim() === '' ? 'the model returned an empty answer' : 'the model\'s answer held no code';
      tell(env, 'warning', `DeepSeek FIM: ${why}, so nothing was changed.`, [showLog(env)]);
      return;
    }
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const replacement = toDocumentEol(cleaned.replacement, eol);
    if (replacement === selectedText) {
      log.info('refactor: the model proposed no change');
      tell(env, 'info', 'DeepSeek FIM: the model proposed no change to the selection.');
      return;
    }

    await typing.settled();
    if (!refuseIfChanged(env, document, tracker, selectedText, closed)) return;
    const originalText = document.getText();
    const proposedText = originalText.slice(0, tracker.start) + replacement + originalText.slice(tracker.end);
    const choice = await reviewProposal(env.proposals, { document, originalText, proposedText });
    if (choice === 'discard') {
      log.info('refactor: discarded; the file was not changed');
      vscode.window.setStatusBarMessage('DeepSeek FIM: proposal discarded; the file was not changed.', 5000);
      await refocus(document, editor.viewColumn);
      return;
    }
    // The user may have edited while reviewing: check again, at the moment of the edit.
    if (!refuseIfChanged(env, document, tracker, selectedText, closed)) return;
    const range = new vscode.Range(document.positionAt(tracker.start), document.positionAt(tracker.end));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, replacement);
    if (!(await vscode.workspace.applyEdit(edit))) {
      log.error('refactor: VS Code did not apply the edit');
      tell(env, 'error', 'DeepSeek FIM: VS Code did not apply the edit (is the file read-only?); the file was not changed.', [showLog(env)]);
      return;
    }
    const start = document.positionAt(tracker.start);
    const inserted = new vscode.Range(start, document.positionAt(document.offsetAt(start) + replacement.length));
    log.info(`refactor: applied to ${fileLabel} (${selectedText.length} -> ${replacement.length} chars)`);
    await refocus(document, editor.viewColumn, inserted);
    vscode.window.setStatusBarMessage('DeepSeek FIM: refactor applied (Undo reverts it).', 5000);
  } finally {
    for (const watcher of watchers) watcher.dispose();
  }
}

/** False (and says why) when this document's code must not, or cannot, be sent. */
function refuseUnsendable(env: RefactorEnv, document: vscode.TextDocument, settings: RefactorSettings, apiKey: string | undefined): boolean {
  if (whyIneligible(document) === 'scheme') {
    tell(env, 'info', 'DeepSeek FIM: this editor does not hold a file that can be refactored.');
    return false;
  }
  if (isExcluded(document)) {
    tell(env, 'warning', 'DeepSeek FIM: this file matches deepseekFim.exclude, so its content is never sent to a model.');
    return false;
  }
  if (settings.useDeepSeek && !vscode.workspace.isTrusted && !allowHostedInUntrusted()) {
    tell(env, 'warning', 'DeepSeek FIM: in Restricted Mode code is not sent to the DeepSeek API. Trust the workspace, or set deepseekFim.allowHostedInUntrustedWorkspaces.');
    return false;
  }
  if (settings.useDeepSeek && !apiKey) {
    tell(env, 'error', 'DeepSeek FIM: no DeepSeek API key is set, so nothing was sent.', [
      { title: 'Set API Key', run: () => vscode.commands.executeCommand('deepseekFim.setApiKey') },
    ]);
    return false;
  }
  return true;
}

/** False (and says so) when the selected code is gone or no longer what the model saw. */
function refuseIfChanged(env: RefactorEnv, document: vscode.TextDocument, tracker: RangeTracker, selectedText: string, closed: boolean): boolean {
  if (closed || document.isClosed) {
    env.log.warn('refactor: the document was closed; nothing was applied');
    tell(env, 'warning', 'DeepSeek FIM: the file was closed while the model worked, so the edit was not applied.');
    return false;
  }
  const range = new vscode.Range(document.positionAt(tracker.start), document.positionAt(tracker.end));
  if (tracker.touched || document.getText(range) !== selectedText) {
    env.log.warn('refactor: the selected code changed while the model worked; nothing was applied');
    tell(env, 'warning', 'DeepSeek FIM: the selected code changed while the model worked, so the edit was not applied. Select it again and rerun the command.', [showLog(env)]);
    return false;
  }
  return true;
}

function reportFailure(env: RefactorEnv, error: BackendError, settings: RefactorSettings): void {
  env.log.error(`refactor failed: ${error.kind}${error.status ? ` (${error.status})` : ''}: ${error.message}${error.detail ? ` [${error.detail}]` : ''}`);
  const actions: Action[] = [];
  if (error.kind === 'unauthorized' || error.kind === 'noKey') {
    actions.push({ title: 'Set API Key', run: () => vscode.commands.executeCommand('deepseekFim.setApiKey') });
  } else if (error.kind === 'modelMissing' && !settings.useDeepSeek) {
    actions.push({ title: 'Pull Model', run: () => vscode.commands.executeCommand('deepseekFim.pullModel', settings.ollamaModel) });
  } else if (error.kind === 'modelMissing' || error.kind === 'config') {
    actions.push({ title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'deepseekFim.refactor') });
  }
  actions.push(showLog(env));
  tell(env, 'error', `DeepSeek FIM: the refactor failed, the file was not changed. ${error.message}`, actions);
}

function tell(env: RefactorEnv, severity: 'error' | 'warning' | 'info', untrustedMessage: string, actions: Action[] = []): void {
  // Server text and model names are in these messages: plain text, capped (see notifier.ts).
  const message = shownText(untrustedMessage, NOTIFICATION_MAX_CHARS);
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void Promise.resolve(show(message, ...actions.map((action) => action.title))).then((picked) => {
    const action = actions.find((candidate) => candidate.title === picked);
    if (action) void Promise.resolve(action.run());
  });
  if (severity !== 'info') env.log.debug(`refactor: told the user: ${message}`);
}

function showLog(env: RefactorEnv): Action {
  return { title: 'Show Log', run: () => env.controller.channel.show() };
}

async function refocus(document: vscode.TextDocument, viewColumn: vscode.ViewColumn | undefined, selection?: vscode.Range): Promise<void> {
  if (document.isClosed) return;
  await vscode.window.showTextDocument(document, { viewColumn, preserveFocus: false, ...(selection ? { selection } : {}) });
}

/** The editor's indentation: the answer keeps the file's tabs or spaces. */
function indentUnitOf(editor: vscode.TextEditor): string {
  const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4;
  return editor.options.insertSpaces === false ? '\t' : ' '.repeat(tabSize);
}

function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
