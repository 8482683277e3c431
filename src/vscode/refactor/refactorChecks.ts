// The refactor's refusals: before anything is sent (the send policy, the key), and before the
// answer is applied (the selected code must still be exactly what the model was shown).
import * as vscode from 'vscode';
import type { Logger } from '../../engine/types';
import type { SendPolicy } from '../sendPolicy';
import type { RangeTracker } from './rangeTracker';
import type { RefactorSettings } from './refactorSettings';
import type { Action, Tell } from './tellUser';

/** False (and says why) when this document's code must not, or cannot, be sent. */
export function refuseUnsendable(tell: Tell, policy: SendPolicy, document: vscode.TextDocument, settings: RefactorSettings, apiKey: string | undefined): boolean {
  switch (policy.whyUnsendable(document, settings.useDeepSeek)) {
    case 'scheme':
      tell('info', vscode.l10n.t('DeepSeek FIM: this editor does not hold a file that can be refactored.'));
      return false;
    case 'excluded':
      tell('warning', vscode.l10n.t('DeepSeek FIM: this file matches deepseekFim.exclude, so its content is never sent to a model.'));
      return false;
    case 'restricted':
      tell('warning', vscode.l10n.t('DeepSeek FIM: in Restricted Mode code is not sent to the DeepSeek API. Trust the workspace, or set deepseekFim.allowHostedInUntrustedWorkspaces.'));
      return false;
    case undefined:
      break;
  }
  if (settings.useDeepSeek && !apiKey) {
    tell('error', vscode.l10n.t('DeepSeek FIM: no DeepSeek API key is set, so nothing was sent.'), [
      { title: vscode.l10n.t('Set API Key'), run: () => vscode.commands.executeCommand('deepseekFim.setApiKey') },
    ]);
    return false;
  }
  return true;
}

/** What refuseIfChanged needs to know about the document and the code the model was shown. */
export interface ShownSelection {
  readonly document: vscode.TextDocument;
  readonly tracker: RangeTracker;
  readonly selectedText: string;
  /** The document was closed while the model worked. */
  readonly closed: () => boolean;
}

/** False (and says so) when the selected code is gone or no longer what the model saw. */
export function refuseIfChanged(tell: Tell, log: Logger, showLog: Action, shown: ShownSelection): boolean {
  const { document, tracker, selectedText } = shown;
  if (shown.closed() || document.isClosed) {
    log.warn('refactor: the document was closed; nothing was applied');
    tell('warning', vscode.l10n.t('DeepSeek FIM: the file was closed while the model worked, so the edit was not applied.'));
    return false;
  }
  const range = new vscode.Range(document.positionAt(tracker.start), document.positionAt(tracker.end));
  if (tracker.touched || document.getText(range) !== selectedText) {
    log.warn('refactor: the selected code changed while the model worked; nothing was applied');
    tell('warning', vscode.l10n.t('DeepSeek FIM: the selected code changed while the model worked, so the edit was not applied. Select it again and rerun the command.'), [showLog]);
    return false;
  }
  return true;
}
