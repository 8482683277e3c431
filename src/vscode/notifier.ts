// At most one notification per distinct problem per session: the field's second most common
// complaint is a popup on every failed request.
import * as vscode from 'vscode';
import { shownText } from '../engine/untrustedText';
import type { Notice } from './model/failureNotices';

export interface NotificationAction {
  readonly title: string;
  readonly run: () => unknown;
}

/** A notification as it was shown: what the user read, and the buttons offered. */
export interface ShownNotification {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly actions: readonly string[];
}

/** Notifications kept in `shown` (one per distinct problem, so this is rarely reached). */
const SHOWN_LIMIT = 50;

/** A notification longer than this is cut: its untrusted parts (server text, model names) could be megabytes. */
export const NOTIFICATION_MAX_CHARS = 600;

export class Notifier {
  private readonly shownKeys = new Set<string>();
  private readonly record: ShownNotification[] = [];
  /** How many notifications were shown this session (tests read it through a command). */
  count = 0;

  /** The texts shown this session, oldest first (the newest SHOWN_LIMIT): what a user could read or paste. */
  get shown(): readonly ShownNotification[] {
    return this.record;
  }

  /** Shows the message unless one with the same key was already shown this session. */
  once(key: string, severity: 'error' | 'warning' | 'info', untrustedMessage: string, actions: NotificationAction[] = []): void {
    if (this.shownKeys.has(key)) return;
    // Messages carry text from servers and from settings a repository may set: shown as plain
    // text (no "[label](command:...)" link VS Code would make clickable), and capped.
    const message = shownText(untrustedMessage, NOTIFICATION_MAX_CHARS);
    this.shownKeys.add(key);
    this.count++;
    this.record.push(Object.freeze({ severity, message, actions: Object.freeze(actions.map((a) => a.title)) }));
    if (this.record.length > SHOWN_LIMIT) this.record.shift();
    const show =
      severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(message, ...actions.map((a) => a.title))).then((picked) => {
      const action = actions.find((a) => a.title === picked);
      if (action) void Promise.resolve(action.run());
    });
  }

  /** A notice from model/failureNotices.ts, its buttons running their commands. */
  onceNotice(notice: Notice): void {
    this.once(
      notice.id,
      notice.severity,
      notice.message,
      notice.actions.map((action) => ({ title: action.title, run: () => vscode.commands.executeCommand(action.command, ...(action.args ?? [])) })),
    );
  }

  /** A solved problem may be reported again if it comes back after the user acted. */
  forget(key: string): void {
    this.shownKeys.delete(key);
  }
}
