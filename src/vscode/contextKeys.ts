// Context keys that say which commands can do something now, so the command palette shows a
// command only then (package.json `menus.commandPalette` `when` clauses): Resume while snoozed
// or paused, Clear API Key and Clear Server Token while one is stored. setContext is sent only
// when a value changes: refreshStatus runs often.
import * as vscode from 'vscode';

export const CAN_RESUME = 'deepseekFim.canResume';
export const HAS_STORED_API_KEY = 'deepseekFim.hasStoredApiKey';
export const HAS_STORED_SERVER_TOKEN = 'deepseekFim.hasStoredServerToken';

export class ContextKeys {
  private readonly values = new Map<string, boolean>();

  set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}
