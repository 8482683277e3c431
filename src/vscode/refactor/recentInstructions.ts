// The instruction prompt: type a new instruction, or pick one of the last ten (kept in
// globalState, most recent first).
import * as vscode from 'vscode';

const STATE_KEY = 'deepseekFim.refactor.recentInstructions';
export const MAX_RECENT_INSTRUCTIONS = 10;

interface InstructionItem extends vscode.QuickPickItem {
  readonly instruction: string;
}

export class RecentInstructions {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    const stored = this.state.get<unknown>(STATE_KEY);
    if (!Array.isArray(stored)) return [];
    return stored.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '').slice(0, MAX_RECENT_INSTRUCTIONS);
  }

  async remember(instruction: string): Promise<void> {
    const next = [instruction, ...this.list().filter((entry) => entry !== instruction)].slice(0, MAX_RECENT_INSTRUCTIONS);
    await this.state.update(STATE_KEY, next);
  }

  /** Asks for the instruction; undefined when the user cancels. */
  ask(fileLabel: string): Promise<string | undefined> {
    const recent = this.list().map<InstructionItem>((instruction) => ({ label: instruction, description: vscode.l10n.t('recent'), instruction }));
    const pick = vscode.window.createQuickPick<InstructionItem>();
    pick.title = vscode.l10n.t('DeepSeek FIM: Refactor Selection in {0}', fileLabel);
    pick.placeholder = recent.length > 0 ? vscode.l10n.t('Type what should change, or pick a recent instruction') : vscode.l10n.t('Type what should change, e.g. "use async/await"');
    // The typed text stays while the user looks at the code.
    pick.ignoreFocusOut = true;
    pick.items = recent;
    return new Promise<string | undefined>((resolve) => {
      let answer: string | undefined;
      const subscriptions = [
        pick.onDidChangeValue((value) => {
          const typed = value.trim();
          const isRecent = recent.some((item) => item.instruction === typed);
          pick.items = typed && !isRecent ? [{ label: typed, description: vscode.l10n.t('new instruction'), alwaysShow: true, instruction: typed }, ...recent] : recent;
        }),
        pick.onDidAccept(() => {
          const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
          const instruction = (chosen?.instruction ?? pick.value).trim();
          if (!instruction) return;
          answer = instruction;
          pick.hide();
        }),
        pick.onDidHide(() => {
          for (const subscription of subscriptions) subscription.dispose();
          pick.dispose();
          resolve(answer);
        }),
      ];
      pick.show();
    });
  }
}
