// What next-edit requests cost on the DeepSeek API, counted apart from completion's: a spend
// meter of its own (the engine's SpendMeter, per-day totals in globalState under its own key,
// the same prices setting), so the completion figures stay what they were. Each request's
// cost and the day's total go to the log.
import * as vscode from 'vscode';
import { SpendMeter, formatSpend, normalizePrices, type DayTotals } from '../../engine/spendMeter';
import type { Logger, TokenUsage } from '../../engine/types';

const STATE_KEY = 'deepseekFim.nextEditSpendDays';

export class NextEditUsage {
  readonly meter: SpendMeter;

  constructor(context: vscode.ExtensionContext, private readonly log: Logger) {
    this.meter = new SpendMeter(
      {
        load: () => context.globalState.get<DayTotals[]>(STATE_KEY),
        save: (days) => Promise.resolve(context.globalState.update(STATE_KEY, days)),
      },
      () => normalizePrices(vscode.workspace.getConfiguration('deepseekFim').get('deepseek.prices')),
      { onSaveError: (error) => log.warn(`next edit: could not save usage: ${String(error)}`) },
    );
  }

  record(usage: TokenUsage): void {
    const cost = this.meter.record(usage);
    const prices = this.meter.currentPrices();
    const today = this.meter.today();
    this.log.info(
      `next edit: DeepSeek request ${formatSpend(cost, prices.currency)} (prompt ${usage.promptTokens} tokens, ${usage.promptCacheHitTokens ?? 0} cached; answer ${usage.completionTokens}); next edits today: ${today.requests} requests, ${formatSpend(today.cost[prices.currency] ?? 0, prices.currency)}`,
    );
  }
}
