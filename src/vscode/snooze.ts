// Snoozing completions for a while: kept in the global state, so a snooze holds across windows
// and restarts until it runs out.
import type * as vscode from 'vscode';

const SNOOZE_KEY = 'deepseekFim.snoozeUntil';

export class Snooze {
  constructor(
    private readonly state: vscode.Memento,
    /** The snooze began or ended: the status bar says so. */
    private readonly onChange: () => void,
  ) {}

  /** When the snooze ends (Date.now() time), 0 when not snoozed. */
  until(): number {
    const until = this.state.get<number>(SNOOZE_KEY, 0);
    return until > Date.now() ? until : 0;
  }

  async start(minutes: number): Promise<void> {
    await this.state.update(SNOOZE_KEY, Date.now() + minutes * 60_000);
    this.onChange();
    setTimeout(() => this.onChange(), minutes * 60_000 + 100);
  }

  async end(): Promise<void> {
    await this.state.update(SNOOZE_KEY, 0);
  }
}
