// The VS Code layer's translations: vscode.l10n.t (bundles in l10n/) as the pure models' `t`,
// and the user-facing text of a backend failure.
import * as vscode from 'vscode';
import type { BackendErrorKind } from '../engine/errors';
import type { Translate } from '../engine/translate';

export const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/** What went wrong, per kind, in the display language: the backend's own text is English. */
const FAILURE_HEADLINES: Record<BackendErrorKind, () => string> = {
  unreachable: () => vscode.l10n.t('The server did not answer'),
  timeout: () => vscode.l10n.t('The request timed out'),
  modelMissing: () => vscode.l10n.t('The model is not available'),
  noKey: () => vscode.l10n.t('No API key is set'),
  unauthorized: () => vscode.l10n.t('The key or token was rejected'),
  noBalance: () => vscode.l10n.t('The DeepSeek balance is empty'),
  rateLimited: () => vscode.l10n.t('Too many requests: the server asked to wait'),
  server: () => vscode.l10n.t('The server reported an error'),
  badRequest: () => vscode.l10n.t('The server rejected the request'),
  malformed: () => vscode.l10n.t('The server sent an answer that could not be read'),
  config: () => vscode.l10n.t('A setting was refused'),
};

/**
 * A backend failure as the user reads it. The backends write one English sentence with the
 * facts that matter (the host, the model, the server's own words) and the way out; those facts
 * cannot be translated, so a translated display language gets a headline per kind in its own
 * language with the English sentence after it. Without a translation bundle (English, or a
 * language we have no strings for) the English sentence alone says it all.
 */
export function failureText(kind: BackendErrorKind, englishMessage: string): string {
  if (vscode.l10n.bundle === undefined) return englishMessage;
  return vscode.l10n.t('{0}. {1}', FAILURE_HEADLINES[kind](), englishMessage);
}
