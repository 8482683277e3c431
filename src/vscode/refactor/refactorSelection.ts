// The refactor itself, from the selection to the applied edit: the selection and an
// instruction go to a chat model, the cleaned answer is shown as a diff for review, and Apply
// makes it one undoable edit.
//
// Nothing is lost: the file is touched only by Apply, and only if the selected code is still
// exactly what the model was shown (edits before it just move it; an edit inside it refuses
// the change). Cancel, Discard, an empty answer, a cut-off answer or an error leave the file
// as it was and say why once.
import * as vscode from 'vscode';
import { buildRefactorPrompt } from '../../engine/refactor/buildRefactorPrompt';
import { looksBinary, refactorAnswerTokens } from '../../engine/refactor/answerLimits';
import { cleanAnswer } from '../../engine/refactor/cleanAnswer';
import type { Logger } from '../../engine/types';
import type { Controller } from '../controller';
import { toDocumentEol } from '../documentView';
import { RangeTracker } from './rangeTracker';
import type { RecentInstructions } from './recentInstructions';
import { refuseIfChanged, refuseUnsendable } from './refactorChecks';
import { readRefactorSettings, refactorModel } from './refactorSettings';
import { requestRewrite } from './requestRewrite';
import { reviewProposal, type ProposalDocuments } from './reviewProposal';
import { reportFailure, showLogAction, type Tell } from './tellUser';
import { TypingPause } from './typingPause';

export interface RefactorEnv {
  readonly controller: Controller;
  readonly log: Logger;
  readonly proposals: ProposalDocuments;
  readonly recent: RecentInstructions;
  readonly tell: Tell;
}

export async function refactorSelection(env: RefactorEnv): Promise<void> {
  const { log, tell } = env;
  const showLog = showLogAction(env.controller.channel);
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    tell('info', vscode.l10n.t('DeepSeek FIM: select the code to refactor first.'));
    return;
  }
  if (editor.selections.length > 1) {
    tell('info', vscode.l10n.t('DeepSeek FIM: Refactor Selection works on one selection at a time.'));
    return;
  }
  const document = editor.document;
  const settings = readRefactorSettings();
  const apiKey = env.controller.keys.current;
  if (!refuseUnsendable(tell, env.controller.sendPolicy, document, settings, apiKey)) return;
  // Binary opened as text is not code: refused before anything is asked or sent, as completions are.
  if (looksBinary(document.getText(editor.selection))) {
    tell('warning', vscode.l10n.t('DeepSeek FIM: the selection holds NUL bytes or binary data, so it was not sent. Select text code to refactor.'));
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
    tell('info', vscode.l10n.t('DeepSeek FIM: the selection is gone; select the code and run the command again.'));
    return;
  }
  const selectedText = document.getText(selection);
  const tracker = new RangeTracker(document.offsetAt(selection.start), document.offsetAt(selection.end));
  let closed = false;
  const shown = { document, tracker, selectedText, closed: () => closed };
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
      tell('warning', vscode.l10n.t('DeepSeek FIM: the selection or the code around it holds NUL bytes or binary data, so nothing was sent.'));
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
      vscode.window.setStatusBarMessage(vscode.l10n.t('DeepSeek FIM: refactor cancelled; the file was not changed.'), 5000);
      return;
    }
    if (outcome.kind === 'failed') {
      reportFailure(tell, log, showLog, outcome.error, settings);
      return;
    }
    if (outcome.end.finishReason === 'length') {
      log.warn(`refactor: the answer was cut off at the output limit after ${outcome.text.length} chars`);
      tell('warning', vscode.l10n.t('DeepSeek FIM: the model\'s answer was cut off at its output limit, so nothing was changed. Select less code and try again.'), [showLog]);
      return;
    }
    const linePrefix = before.slice(before.lastIndexOf('\n') + 1);
    const cleaned = cleanAnswer(outcome.text, { text: toLf(selectedText), linePrefix }, { indentUnit: indentUnitOf(editor) });
    if (cleaned.code === '') {
      log.warn(`refactor: the answer held no code (${outcome.text.length} chars): ${JSON.stringify(outcome.text.slice(0, 2000))}`);
      const empty = outcome.text.trim() === '';
      tell(
        'warning',
        empty ? vscode.l10n.t('DeepSeek FIM: the model returned an empty answer, so nothing was changed.') : vscode.l10n.t("DeepSeek FIM: the model's answer held no code, so nothing was changed."),
        [showLog],
      );
      return;
    }
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const replacement = toDocumentEol(cleaned.replacement, eol);
    if (replacement === selectedText) {
      log.info('refactor: the model proposed no change');
      tell('info', vscode.l10n.t('DeepSeek FIM: the model proposed no change to the selection.'));
      return;
    }

    await typing.settled();
    if (!refuseIfChanged(tell, log, showLog, shown)) return;
    const originalText = document.getText();
    const proposedText = originalText.slice(0, tracker.start) + replacement + originalText.slice(tracker.end);
    const choice = await reviewProposal(env.proposals, { document, originalText, proposedText });
    if (choice === 'discard') {
      log.info('refactor: discarded; the file was not changed');
      vscode.window.setStatusBarMessage(vscode.l10n.t('DeepSeek FIM: proposal discarded; the file was not changed.'), 5000);
      await refocus(document, editor.viewColumn);
      return;
    }
    // The user may have edited while reviewing: check again, at the moment of the edit.
    if (!refuseIfChanged(tell, log, showLog, shown)) return;
    const range = new vscode.Range(document.positionAt(tracker.start), document.positionAt(tracker.end));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, replacement);
    if (!(await vscode.workspace.applyEdit(edit))) {
      log.error('refactor: VS Code did not apply the edit');
      tell('error', vscode.l10n.t('DeepSeek FIM: VS Code did not apply the edit (is the file read-only?); the file was not changed.'), [showLog]);
      return;
    }
    const start = document.positionAt(tracker.start);
    const inserted = new vscode.Range(start, document.positionAt(document.offsetAt(start) + replacement.length));
    log.info(`refactor: applied to ${fileLabel} (${selectedText.length} -> ${replacement.length} chars)`);
    await refocus(document, editor.viewColumn, inserted);
    vscode.window.setStatusBarMessage(vscode.l10n.t('DeepSeek FIM: refactor applied (Undo reverts it).'), 5000);
  } finally {
    for (const watcher of watchers) watcher.dispose();
  }
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
