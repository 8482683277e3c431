// At most one notification per distinct problem per session: the field's second most common
// complaint is a popup on every failed request.
import * as vscode from 'vscode';

export interface NotificationAction {
  readonly title: string;
  readonly run: () => unknown;
}

export class Notifier {
  private readonly shown = new Set<string>();
  /** How many notifications were shown this session (tests read it through a command). */
  count = 0;

  /** Shows the message unless one with the same key was already shown this session. */
  once(key: string, severity: 'error' | 'warning' | 'info', message: string, actions: NotificationAction[] = []): void {
    if (this.shown.has(key)) return;
    this.shown.add(key);
    this.count++;
    const show =
      severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(message, ...actions.map((a) => a.title))).then((picked) => {
      const action = actions.find((a) => a.title === picked);
      if (action) void Promise.resolve(action.run());
    });
  }

  /** A solved problem may be reported again if it comes back after the user acted. */
  forget(key: string): void {
    this.shown.delete(key);
  }
}
