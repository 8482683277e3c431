// The DeepSeek spend meter in the editor: per-day totals kept in globalState (so they survive
// restarts), prices from the setting, a summary for the status-bar tooltip, and the
// "Show Usage" view as a read-only document.
import * as vscode from 'vscode';
import { SpendMeter, formatDayCost, formatSpend, normalizePrices, type DayTotals } from '../engine/spendMeter';
import type { TokenUsage } from '../engine/types';

const STATE_KEY = 'deepseekFim.spendDays';
const SCHEME = 'deepseek-fim-usage';

export class UsageTracker implements vscode.Disposable {
  readonly meter: SpendMeter;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;

  constructor(context: vscode.ExtensionContext, onSaveError: (message: string) => void) {
    this.meter = new SpendMeter(
      {
        load: () => context.globalState.get<DayTotals[]>(STATE_KEY),
        save: (days) => Promise.resolve(context.globalState.update(STATE_KEY, days)),
      },
      () => normalizePrices(vscode.workspace.getConfiguration('deepseekFim').get('deepseek.prices')),
      { onSaveError: (error) => onSaveError(String(error)) },
    );
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: () => this.report(),
    });
  }

  record(usage: TokenUsage): void {
    this.meter.record(usage);
    this.changed.fire(this.uri);
  }

  summary(): { spend: string; cacheHitShare?: number } {
    const prices = this.meter.currentPrices();
    const today = this.meter.today();
    return { spend: `${formatSpend(today.cost[prices.currency] ?? 0, prices.currency)} (${today.requests} requests)`, cacheHitShare: this.meter.cacheHitShare(today) };
  }

  private get uri(): vscode.Uri {
    return vscode.Uri.parse(`${SCHEME}:DeepSeek FIM Usage.md`);
  }

  async show(): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  report(): string {
    const prices = this.meter.currentPrices();
    const lines = [
      '# DeepSeek FIM: DeepSeek API usage',
      '',
      `Prices in use (per million tokens, ${prices.currency}): cache hit ${prices.cacheHitPerMillion}, cache miss ${prices.cacheMissPerMillion}, output ${prices.outputPerMillion}${prices.source ? ` — ${prices.source}` : ''}.`,
      'Change them in the setting deepseekFim.deepseek.prices when DeepSeek changes its prices.',
      '',
      '| Day | Requests | Prompt tokens | Cache hits | Cache misses | Output tokens | Hit share | Cost |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    ];
    const days = this.meter.days();
    for (const day of days) {
      const share = this.meter.cacheHitShare(day);
      lines.push(
        `| ${day.date} | ${day.requests} | ${day.promptTokens} | ${day.cacheHitTokens} | ${day.cacheMissTokens} | ${day.completionTokens} | ${share === undefined ? '-' : `${Math.round(share * 100)}%`} | ${formatDayCost(day)} |`,
      );
    }
    if (days.length === 0) lines.push('| (no requests to the DeepSeek API yet) | | | | | | | |');
    return lines.join('\n') + '\n';
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
