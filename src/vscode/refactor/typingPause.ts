// The review takes the keyboard focus. Opening it while the user is still typing in a file
// would send their next keystrokes (an Enter among them) into the review instead of the file,
// so the review waits until the typing pauses.
import * as vscode from 'vscode';
import { isEditableScheme } from '../sendPolicy';

export class TypingPause implements vscode.Disposable {
  private lastEditAt = 0;
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((event) => {
    // Documents a person types into; output channels and the like change on their own.
    if (event.contentChanges.length > 0 && isEditableScheme(event.document.uri.scheme)) this.lastEditAt = Date.now();
  });

  /** Resolves once no document was typed into for `quietMs`, or after `maxWaitMs` at the latest. */
  async settled(quietMs = 700, maxWaitMs = 15_000): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const now = Date.now();
      const quietFor = now - this.lastEditAt;
      if (quietFor >= quietMs || now >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quietFor, deadline - now)));
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
