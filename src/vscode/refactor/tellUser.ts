// How the refactor command speaks to the user: one message per outcome, plain text and capped
// (server text and model names are in them), with the buttons that are a way out.
import * as vscode from 'vscode';
import type { BackendError } from '../../engine/errors';
import type { Logger } from '../../engine/types';
import { shownText } from '../../engine/untrustedText';
import { failureText } from '../localize';
import { NOTIFICATION_MAX_CHARS } from '../notifier';
import type { RefactorSettings } from './refactorSettings';

export interface Action {
  readonly title: string;
  readonly run: () => unknown;
}

export type Tell = (severity: 'error' | 'warning' | 'info', untrustedMessage: string, actions?: Action[]) => void;

/** A `tell` that shows the message and logs what was not merely informative. */
export function tellUser(log: Logger): Tell {
  return (severity, untrustedMessage, actions = []) => {
    // Server text and model names are in these messages: plain text, capped (see notifier.ts).
    const message = shownText(untrustedMessage, NOTIFICATION_MAX_CHARS);
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(message, ...actions.map((action) => action.title))).then((picked) => {
      const action = actions.find((candidate) => candidate.title === picked);
      if (action) void Promise.resolve(action.run());
    });
    if (severity !== 'info') log.debug(`refactor: told the user: ${message}`);
  };
}

export function showLogAction(channel: vscode.LogOutputChannel): Action {
  return { title: vscode.l10n.t('Show Log'), run: () => channel.show() };
}

/** The request failed: logged in full, told once with the button that fixes the likely cause. */
export function reportFailure(tell: Tell, log: Logger, showLog: Action, error: BackendError, settings: RefactorSettings): void {
  log.error(`refactor failed: ${error.kind}${error.status ? ` (${error.status})` : ''}: ${error.message}${error.detail ? ` [${error.detail}]` : ''}`);
  const actions: Action[] = [];
  if (error.kind === 'unauthorized' || error.kind === 'noKey') {
    actions.push({ title: vscode.l10n.t('Set API Key'), run: () => vscode.commands.executeCommand('deepseekFim.setApiKey') });
  } else if (error.kind === 'modelMissing' && !settings.useDeepSeek) {
    actions.push({ title: vscode.l10n.t('Pull Model'), run: () => vscode.commands.executeCommand('deepseekFim.pullModel', settings.ollamaModel) });
  } else if (error.kind === 'modelMissing' || error.kind === 'config') {
    actions.push({ title: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'deepseekFim.refactor') });
  }
  actions.push(showLog);
  tell('error', vscode.l10n.t('DeepSeek FIM: the refactor failed, the file was not changed. {0}', failureText(error.kind, error.message)), actions);
}
