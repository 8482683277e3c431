// The status-bar item: which backend and model, and what state completions are in.
// It shows the truth quietly: errors appear here (and in the log), not as popups.
import * as vscode from 'vscode';
import type { BackendErrorKind } from '../engine/errors';
import { markdownText } from '../engine/untrustedText';
import type { StatusState } from './model/statusModel';

export interface StatusDetails {
  readonly backendLabel: string;
  readonly model: string;
  readonly lastLatencyMs?: number;
  readonly medianLatencyMs?: number;
  readonly cacheHitRate?: number;
  readonly spendToday?: string;
  readonly cacheHitShareToday?: number;
  readonly healthHint?: string;
}

const ERROR_TEXT: Record<BackendErrorKind, { icon: string; text: string }> = {
  unreachable: { icon: 'debug-disconnect', text: 'unreachable' },
  timeout: { icon: 'watch', text: 'timed out' },
  modelMissing: { icon: 'warning', text: 'model missing' },
  noKey: { icon: 'key', text: 'no API key' },
  unauthorized: { icon: 'key', text: 'key rejected' },
  noBalance: { icon: 'credit-card', text: 'balance empty' },
  rateLimited: { icon: 'clock', text: 'rate-limited' },
  server: { icon: 'error', text: 'server error' },
  badRequest: { icon: 'error', text: 'request rejected' },
  malformed: { icon: 'error', text: 'bad answer' },
  config: { icon: 'gear', text: 'setting refused' },
};

export function shortModel(model: string): string {
  return model.length <= 32 ? model : `${model.slice(0, 31)}…`;
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: StatusState = { kind: 'ready' };
  private details: StatusDetails = { backendLabel: 'Ollama', model: '' };
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(command: string) {
    this.item = vscode.window.createStatusBarItem('deepseekFim.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'DeepSeek FIM';
    this.item.command = command;
    this.render();
    this.item.show();
  }

  get current(): StatusState {
    return this.state;
  }

  get text(): string {
    return this.item.text;
  }

  set(state: StatusState, details?: StatusDetails): void {
    this.state = state;
    if (details) this.details = details;
    this.render();
    // Count-downs (snooze, back-off) refresh themselves while shown.
    const ticking = state.kind === 'snoozed' || state.kind === 'backingOff';
    if (ticking && !this.ticker) this.ticker = setInterval(() => this.render(), 1000);
    if (!ticking && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  updateDetails(details: StatusDetails): void {
    this.details = details;
    this.render();
  }

  private render(): void {
    const { backendLabel, model } = this.details;
    const name = `${backendLabel} · ${shortModel(model)}`;
    const s = this.state;
    let icon = 'sparkle';
    let text = name;
    let summary = 'ready';
    let background: vscode.ThemeColor | undefined;
    switch (s.kind) {
      case 'ready':
        break;
      case 'busy':
        icon = 'loading~spin';
        summary = 'requesting a completion';
        break;
      case 'off':
        icon = 'circle-slash';
        text = 'DeepSeek FIM off';
        summary = 'off (choose a backend to turn it on)';
        break;
      case 'snoozed': {
        const minutes = Math.max(1, Math.ceil((s.until - Date.now()) / 60000));
        icon = 'bell-slash';
        text = `Snoozed ${minutes}m`;
        summary = `snoozed for ${minutes} more minute${minutes === 1 ? '' : 's'}`;
        break;
      }
      case 'languageDisabled':
        icon = 'circle-slash';
        text = `${name} (off for ${s.languageId})`;
        summary = `disabled for ${s.languageId}`;
        break;
      case 'restricted':
        icon = 'shield';
        text = `${backendLabel}: Restricted Mode`;
        summary = 'paused: this workspace is not trusted and the backend is hosted';
        break;
      case 'backingOff': {
        const seconds = Math.max(0, Math.ceil((s.until - Date.now()) / 1000));
        const cause = ERROR_TEXT[s.cause];
        icon = cause.icon;
        text = `${backendLabel} ${cause.text}${seconds > 0 ? `, retry in ${seconds}s` : ''}`;
        summary = `${cause.text}: backing off, retrying ${seconds > 0 ? `in ${seconds}s` : 'on the next keystroke'}`;
        background = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'error': {
        const cause = ERROR_TEXT[s.cause];
        icon = cause.icon;
        text = `${backendLabel} ${cause.text}`;
        summary = s.message;
        background = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      }
    }
    this.item.text = `$(${icon}) ${text}`;
    this.item.backgroundColor = background;
    this.item.accessibilityInformation = { label: `DeepSeek FIM: ${text}, ${summary}` };
    this.item.tooltip = this.tooltip(name, summary);
  }

  private tooltip(name: string, summary: string): vscode.MarkdownString {
    const d = this.details;
    // The model name (a setting a repository may set) and server messages are untrusted: escaped,
    // so that the tooltip's Markdown shows them as text, never as a link, an image or an icon.
    const lines = [`**DeepSeek FIM** — ${markdownText(name)}`, '', `State: ${markdownText(summary)}`];
    if (d.lastLatencyMs !== undefined) lines.push(`Last latency: ${d.lastLatencyMs} ms${d.medianLatencyMs !== undefined ? ` (median ${d.medianLatencyMs} ms)` : ''}`);
    if (d.cacheHitRate !== undefined) lines.push(`Served without a request: ${Math.round(d.cacheHitRate * 100)}% of recent completions`);
    if (d.spendToday !== undefined) lines.push(`DeepSeek today: ${d.spendToday}${d.cacheHitShareToday !== undefined ? `, ${Math.round(d.cacheHitShareToday * 100)}% of prompt tokens cache hits` : ''}`);
    if (d.healthHint) lines.push('', `$(warning) ${markdownText(d.healthHint)}`);
    lines.push('', 'Click for options.');
    const md = new vscode.MarkdownString(lines.join('  \n'), true);
    return md;
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.item.dispose();
  }
}
