// The DeepSeek spend meter in the editor: per-day totals kept in globalState (so they survive
// restarts), prices from the setting, a summary for the status-bar tooltip, and the
// "Show Usage" view: a webview panel rendered here, with no scripts and nothing remote.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { SpendMeter, formatSpend, normalizePrices, type DayTotals } from '../engine/spendMeter';
import type { CompletionBackend, TokenUsage } from '../engine/types';
import { UsageCalibration, watchUnreportedUsage } from '../engine/unreportedUsage';
import { renderUsagePage } from '../engine/usagePage';
import { t } from './localize';

const STATE_KEY = 'deepseekFim.spendDays';
export const USAGE_VIEW_TYPE = 'deepseekFim.usage';

export class UsageTracker implements vscode.Disposable {
  readonly meter: SpendMeter;
  private readonly calibration = new UsageCalibration();
  private readonly watched = new WeakMap<CompletionBackend, CompletionBackend>();
  private panel: vscode.WebviewPanel | undefined;

  constructor(context: vscode.ExtensionContext, onSaveError: (message: string) => void) {
    this.meter = new SpendMeter(
      {
        load: () => context.globalState.get<DayTotals[]>(STATE_KEY),
        save: (days) => Promise.resolve(context.globalState.update(STATE_KEY, days)),
      },
      () => normalizePrices(vscode.workspace.getConfiguration('deepseekFim').get('deepseek.prices')),
      { onSaveError: (error) => onSaveError(String(error)) },
    );
  }

  record(usage: TokenUsage, estimated = false): void {
    this.meter.record(usage, new Date(), estimated);
    this.refresh();
  }

  /**
   * The hosted backend as the engine should use it: requests it aborts after sending are
   * billed but never reported, so they are recorded with an estimate. One wrapper per backend.
   */
  meterBackend(backend: CompletionBackend): CompletionBackend {
    let watched = this.watched.get(backend);
    if (!watched) {
      watched = watchUnreportedUsage(backend, {
        sent: (request) => this.calibration.sent(request),
        reported: (request, usage) => this.calibration.note(request, usage),
        unreported: (request, seq, streamed) => this.record(this.calibration.estimate(request, seq, streamed), true),
      });
      this.watched.set(backend, watched);
    }
    return watched;
  }

  summary(): { spend: string; cacheHitShare?: number } {
    const prices = this.meter.currentPrices();
    const today = this.meter.today();
    const money = formatSpend(today.cost[prices.currency] ?? 0, prices.currency);
    const spend =
      today.estimatedRequests > 0
        ? vscode.l10n.t('{0} ({1} requests, {2} estimated)', money, today.requests, today.estimatedRequests)
        : vscode.l10n.t('{0} ({1} requests)', money, today.requests);
    return { spend, cacheHitShare: this.meter.cacheHitShare(today) };
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      this.refresh();
      return;
    }
    // No scripts: the page is rendered here, a chart as inline SVG, and re-rendered on change.
    this.panel = vscode.window.createWebviewPanel(USAGE_VIEW_TYPE, vscode.l10n.t('DeepSeek FIM Usage'), vscode.ViewColumn.Active, { enableScripts: false, localResourceRoots: [] });
    this.panel.onDidDispose(() => (this.panel = undefined));
    this.refresh();
  }

  html(): string {
    return renderUsagePage({
      days: this.meter.days(), today: new Date(), prices: this.meter.currentPrices(), nonce: randomBytes(16).toString('base64'),
      t,
      language: vscode.env.language,
    });
  }

  private refresh(): void {
    if (this.panel) this.panel.webview.html = this.html();
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
