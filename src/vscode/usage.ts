// The DeepSeek spend meter in the editor: per-day totals kept in globalState (so they survive
// restarts), priced by the built-in tables at the band each request was sent in (overridable by
// the setting), in the account's currency as /user/balance reports it; a summary for the
// status-bar tooltip, and the "Show Usage" view: a webview panel rendered here, with no scripts
// and nothing remote.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { StickyStart } from '../backends/deepseek/stickyStart';
import { priceAt } from '../engine/pricing/deepseekPricing';
import { beijingClock, priceBandNow } from '../engine/pricing/priceBands';
import { SpendMeter, formatSpend, type DayTotals } from '../engine/spendMeter';
import type { CompletionBackend, CompletionRequest, TokenUsage } from '../engine/types';
import { UsageCalibration, watchUnreportedUsage } from '../engine/unreportedUsage';
import { renderUsagePage } from '../engine/usagePage';
import { t } from './localize';

const STATE_KEY = 'deepseekFim.spendDays';
/** The currency /user/balance last reported, kept so that a restart bills in it at once. */
const CURRENCY_KEY = 'deepseekFim.accountCurrency';
export const USAGE_VIEW_TYPE = 'deepseekFim.usage';

export interface SpendSummary {
  readonly spend: string;
  readonly cacheHitShare?: number;
  /** "off-peak until 09:00 Beijing time". */
  readonly band: string;
}

export class UsageTracker implements vscode.Disposable {
  readonly meter: SpendMeter;
  private readonly calibration = new UsageCalibration();
  private readonly watched = new WeakMap<CompletionBackend, CompletionBackend>();
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    onSaveError: (message: string) => void,
  ) {
    this.meter = new SpendMeter(
      {
        load: () => context.globalState.get<DayTotals[]>(STATE_KEY),
        save: (days) => Promise.resolve(context.globalState.update(STATE_KEY, days)),
      },
      (sentAt, model) => priceAt(sentAt, model, { override: vscode.workspace.getConfiguration('deepseekFim').get('deepseek.prices'), accountCurrency: this.accountCurrency }),
      { onSaveError: (error) => onSaveError(String(error)) },
    );
  }

  /** The account's currency, as /user/balance last said (undefined before it was asked). */
  get accountCurrency(): string | undefined {
    return this.context.globalState.get<string>(CURRENCY_KEY);
  }

  /** Bills from now on in the account's currency (the first balance entry's). */
  async setAccountCurrency(currency: string | undefined): Promise<void> {
    if (!currency || currency === this.accountCurrency) return;
    await this.context.globalState.update(CURRENCY_KEY, currency);
    this.refresh();
  }

  record(usage: TokenUsage, estimated = false): void {
    this.meter.record(usage, new Date(), estimated);
    this.refresh();
  }

  /**
   * The hosted backend as the engine should use it: requests it aborts after sending are
   * billed but never reported, so they are recorded with an estimate, priced at the band and
   * model they were sent with. One wrapper per backend.
   */
  meterBackend(backend: CompletionBackend): CompletionBackend {
    let watched = this.watched.get(backend);
    if (!watched) {
      // The estimate compares the prompts as the backend sends them: the same sticky start,
      // fed the same requests in the same order, gives the same prefixes.
      const start = new StickyStart();
      const sentAs = new WeakMap<CompletionRequest, CompletionRequest>();
      const laid = (request: CompletionRequest) => sentAs.get(request) ?? request;
      watched = watchUnreportedUsage(backend, {
        sent: (request) => {
          sentAs.set(request, { ...request, prefix: start.prefixFor(request) });
          return this.calibration.sent(laid(request));
        },
        reported: (request, usage) => this.calibration.note(laid(request), usage),
        unreported: (request, seq, streamed, sentAt) => this.record({ ...this.calibration.estimate(laid(request), seq, streamed), model: request.model || backend.model, sentAt }, true),
      });
      this.watched.set(backend, watched);
    }
    return watched;
  }

  summary(now = new Date()): SpendSummary {
    const prices = this.meter.currentPrices(now);
    const today = this.meter.today(now);
    const money = formatSpend(today.cost[prices.currency] ?? 0, prices.currency);
    const spend =
      today.estimatedRequests > 0
        ? vscode.l10n.t('{0} ({1} requests, {2} estimated)', money, today.requests, today.estimatedRequests)
        : vscode.l10n.t('{0} ({1} requests)', money, today.requests);
    return { spend, cacheHitShare: this.meter.cacheHitShare(today), band: bandText(now) };
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
    const now = new Date();
    return renderUsagePage({
      days: this.meter.days(),
      today: now,
      prices: this.meter.currentPrices(now),
      otherBandPrices: this.meter.currentPrices(otherBandTime(now)),
      nonce: randomBytes(16).toString('base64'),
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

/** "off-peak until 09:00 Beijing time" / "peak until 12:00 Beijing time". */
export function bandText(now: Date): string {
  const { band, until } = priceBandNow(now);
  const name = band === 'peak' ? vscode.l10n.t('peak') : vscode.l10n.t('off-peak');
  return until ? vscode.l10n.t('{0} until {1} Beijing time', name, beijingClock(until)) : name;
}

/** A moment in the other band than `now`'s, to show both bands' prices. */
function otherBandTime(now: Date): Date {
  return priceBandNow(now).until ?? now;
}
