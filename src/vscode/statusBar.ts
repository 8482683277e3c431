// The status-bar item: which backend and model, and what state completions are in.
// It shows the truth quietly: errors appear here (and in the log), not as popups.
import type { ServerSpeedFacts } from '../engine/serverSpeed';
import * as vscode from 'vscode';
import type { BackendErrorKind } from '../engine/errors';
import { markdownText } from '../engine/untrustedText';
import { t } from './localize';
import type { StatusState } from './model/statusModel';

export interface StatusDetails {
  readonly backendLabel: string;
  readonly model: string;
  readonly lastLatencyMs?: number;
  readonly medianLatencyMs?: number;
  readonly cacheHitRate?: number;
  readonly spendToday?: string;
  readonly cacheHitShareToday?: number;
  /** DeepSeek's price band now: "off-peak until 09:00 Beijing time". */
  readonly priceBand?: string;
  readonly healthHint?: string;
  /** A local server's own figures: prompt and generation speed, and how much of the last prompt it reused. */
  readonly server?: ServerSpeedFacts;
}

// Functions, so that the text is looked up in the display language when it is shown.
const ERROR_TEXT: Record<BackendErrorKind, { icon: string; text: () => string }> = {
  unreachable: { icon: 'debug-disconnect', text: () => t('unreachable') },
  timeout: { icon: 'watch', text: () => t('timed out') },
  modelMissing: { icon: 'warning', text: () => t('model missing') },
  noKey: { icon: 'key', text: () => t('no API key') },
  unauthorized: { icon: 'key', text: () => t('key rejected') },
  noBalance: { icon: 'credit-card', text: () => t('balance empty') },
  rateLimited: { icon: 'clock', text: () => t('rate-limited') },
  server: { icon: 'error', text: () => t('server error') },
  badRequest: { icon: 'error', text: () => t('request rejected') },
  malformed: { icon: 'error', text: () => t('bad answer') },
  config: { icon: 'gear', text: () => t('setting refused') },
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
    let summary = t('ready');
    let background: vscode.ThemeColor | undefined;
    switch (s.kind) {
      case 'ready':
        break;
      case 'busy':
        icon = 'loading~spin';
        summary = t('requesting a completion');
        break;
      case 'off':
        icon = 'circle-slash';
        text = t('DeepSeek FIM off');
        summary = t('off (choose a backend to turn it on)');
        break;
      case 'snoozed': {
        const minutes = Math.max(1, Math.ceil((s.until - Date.now()) / 60000));
        icon = 'bell-slash';
        text = t('Snoozed {0}m', minutes);
        summary = minutes === 1 ? t('snoozed for 1 more minute') : t('snoozed for {0} more minutes', minutes);
        break;
      }
      case 'languageDisabled':
        icon = 'circle-slash';
        text = t('{0} (off for {1})', name, s.languageId);
        summary = t('disabled for {0}', s.languageId);
        break;
      case 'restricted':
        icon = 'shield';
        text = t('{0}: Restricted Mode', backendLabel);
        summary = t('paused: this workspace is not trusted and the backend is hosted');
        break;
      case 'backingOff': {
        const seconds = Math.max(0, Math.ceil((s.until - Date.now()) / 1000));
        const cause = ERROR_TEXT[s.cause];
        const causeText = cause.text();
        icon = cause.icon;
        text = seconds > 0 ? t('{0} {1}, retry in {2}s', backendLabel, causeText, seconds) : t('{0} {1}', backendLabel, causeText);
        summary = seconds > 0 ? t('{0}: backing off, retrying in {1}s', causeText, seconds) : t('{0}: backing off, retrying on the next keystroke', causeText);
        background = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'error': {
        const cause = ERROR_TEXT[s.cause];
        icon = cause.icon;
        text = t('{0} {1}', backendLabel, cause.text());
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
    const lines = [`**DeepSeek FIM** — ${markdownText(name)}`, '', t('State: {0}', markdownText(summary))];
    if (d.lastLatencyMs !== undefined) {
      lines.push(d.medianLatencyMs !== undefined ? t('Last latency: {0} ms (median {1} ms)', d.lastLatencyMs, d.medianLatencyMs) : t('Last latency: {0} ms', d.lastLatencyMs));
    }
    if (d.cacheHitRate !== undefined) lines.push(t('Served without a request: {0}% of recent completions', Math.round(d.cacheHitRate * 100)));
    const server = d.server;
    if (server?.promptTokensPerSecond !== undefined) {
      lines.push(t('Server: reads prompts at {0} tokens/s, writes {1} tokens/s', Math.round(server.promptTokensPerSecond), server.generationTokensPerSecond === undefined ? '-' : Math.round(server.generationTokensPerSecond)));
    }
    if (server?.lastReusedShare !== undefined) lines.push(t('Server: reused {0}% of the last prompt from its cache', Math.round(server.lastReusedShare * 100)));
    if (d.spendToday !== undefined) {
      lines.push(
        d.cacheHitShareToday !== undefined
          ? t('DeepSeek today: {0}, {1}% of prompt tokens cache hits', d.spendToday, Math.round(d.cacheHitShareToday * 100))
          : t('DeepSeek today: {0}', d.spendToday),
      );
      if (d.priceBand) lines.push(t('Price band: {0}', d.priceBand));
    }
    if (d.healthHint) lines.push('', `$(warning) ${markdownText(d.healthHint)}`);
    lines.push('', t('Click for options.'));
    const md = new vscode.MarkdownString(lines.join('  \n'), true);
    return md;
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.item.dispose();
  }
}
