// The Show Usage page: the per-day chart, the days as a table and the prices used, as one HTML
// document with a strict content security policy (no scripts, no remote resources: only the
// nonce'd style block). Nothing here leaves the machine.
import { holidayYearsCovered } from './pricing/chinaHolidays';
import { beijingDate } from './pricing/priceBands';
import { PRICES_STALE_AFTER_DAYS, tableAgeDays } from './pricing/priceTable';
import { formatDayCost, formatSpend } from './spendFormat';
import { cacheHitShare, type DayTotals, type SpendPrices } from './spendMeter';
import { english, type Translate } from './translate';
import { CHART_DAYS, USAGE_CHART_CSS, escapeXml, lastDays, renderUsageChart } from './usageChart';

export interface UsagePageInput {
  readonly days: readonly DayTotals[];
  readonly today: Date;
  /** The prices in force now. */
  readonly prices: SpendPrices;
  /** The same model's prices in the other band, when there are bands. */
  readonly otherBandPrices?: SpendPrices;
  /** A fresh random string per render, for the style block. */
  readonly nonce: string;
  /** The display language's text (vscode.l10n.t), English by default; its BCP 47 tag for <html lang>. */
  readonly t?: Translate;
  readonly language?: string;
}

const PAGE_CSS = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 20px 20px; }
table { border-collapse: collapse; margin-top: 8px; }
th, td { padding: 2px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.legend span { margin-right: 14px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.swatch.requests { background: var(--vscode-charts-blue); }
.swatch.hit { background: var(--vscode-charts-green); }
.swatch.miss { background: var(--vscode-charts-orange); }
.swatch.money { background: var(--vscode-charts-purple); }
.swatch.estimated { border: 1.5px dashed var(--vscode-charts-red); width: 8px; height: 8px; }
.note { color: var(--vscode-descriptionForeground); }
`;

export function renderUsagePage(input: UsagePageInput): string {
  const { prices, nonce } = input;
  const t = input.t ?? english;
  const estimateNote = t(
    'aborted after sending (superseded by a later keystroke, or timed out), billed by DeepSeek but never reported, so counted from the prompt size with the tokens per character and cache-hit share of recent requests. Dashed outlines mark the days that hold estimates.',
  );
  const shown = lastDays(input.days, input.today);
  const active = shown.filter((day) => day.requests > 0).reverse();
  const total = sumDays(shown);
  const estimated = total.estimatedRequests;
  const share = cacheHitShare(total);
  const csp = `default-src 'none'; style-src 'nonce-${nonce}';`;
  const rows = active.map(
    (day) =>
      `<tr><td>${day.date}</td><td class="number">${day.requests}${day.estimatedRequests > 0 ? ` ${t('({0} est.)', day.estimatedRequests)}` : ''}</td><td class="number">${day.cacheHitTokens}</td><td class="number">${day.cacheMissTokens}</td><td class="number">${day.completionTokens}</td><td class="number">${percent(cacheHitShare(day))}</td><td class="number">${escapeXml(formatDayCost(day))}${day.estimatedRequests > 0 ? ' *' : ''}</td></tr>`,
  );
  return `<!DOCTYPE html>
<html lang="${escapeXml(input.language ?? 'en')}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${t('DeepSeek FIM Usage')}</title>
<style nonce="${nonce}">${PAGE_CSS}${USAGE_CHART_CSS}</style>
</head><body>
<h1>${t('DeepSeek API usage')}</h1>
<p id="totals">${t(
    'Last {0} days: {1}, {2} cache-hit and {3} cache-miss prompt tokens (hit share {4}), {5} output tokens, {6}.',
    CHART_DAYS,
    `<strong>${t('{0} requests', total.requests)}</strong>`,
    total.cacheHitTokens,
    total.cacheMissTokens,
    percent(share),
    total.completionTokens,
    `<strong>${escapeXml(formatSpend(total.cost[prices.currency] ?? 0, prices.currency))}</strong>`,
  )}</p>
${estimated > 0 ? `<p class="note" id="estimated">* ${estimated === 1 ? t('Includes 1 estimated request: {0}', estimateNote) : t('Includes {0} estimated requests: {1}', estimated, estimateNote)}</p>` : ''}
<p class="legend"><span><i class="swatch requests"></i>${t('requests')}</span><span><i class="swatch hit"></i>${t('cache hit')}</span><span><i class="swatch miss"></i>${t('cache miss')}</span><span><i class="swatch money"></i>${t('money')}</span><span><i class="swatch estimated"></i>${t('includes estimates')}</span></p>
${renderUsageChart(input.days, input.today, prices.currency, t)}
${bandTotals(total, prices.currency, t)}
<h2>${t('Prices used')}</h2>
${priceLines(input, t)}
<p class="note">${t('Peak: Beijing time Monday to Friday 09:00-12:00 and 14:00-18:00 (01:00-04:00 and 06:00-10:00 UTC). Off-peak, at half price: every other hour, weekends and Chinese public holidays. Each request is priced at the band in force when it was sent, for the model that answered it.')}</p>
${staleNotes(input, t)}
<p class="note">${t('Change them in the setting deepseekFim.deepseek.prices when DeepSeek changes its prices. Money is computed when a request is recorded, with the prices in force then.')}</p>
<h2>${t('Days')}</h2>
${
  rows.length > 0
    ? `<table><thead><tr><th>${t('Day')}</th><th class="number">${t('Requests')}</th><th class="number">${t('Cache hits')}</th><th class="number">${t('Cache misses')}</th><th class="number">${t('Output tokens')}</th><th class="number">${t('Hit share')}</th><th class="number">${t('Cost')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p class="note">${t('No requests to the DeepSeek API in the last {0} days.', CHART_DAYS)}</p>`
}
</body></html>
`;
}

/** The money of the shown days by band, in the current currency. */
function bandTotals(total: DayTotals, currency: string, t: Translate): string {
  const peak = total.costByBand?.peak?.[currency];
  const offPeak = total.costByBand?.offPeak?.[currency];
  if (peak === undefined && offPeak === undefined) return '';
  return `<p id="bands">${t('By band: peak {0}, off-peak {1}.', `<strong>${escapeXml(formatSpend(peak ?? 0, currency))}</strong>`, `<strong>${escapeXml(formatSpend(offPeak ?? 0, currency))}</strong>`)}</p>`;
}

function priceLines(input: UsagePageInput, t: Translate): string {
  const other = input.otherBandPrices && input.otherBandPrices.band !== input.prices.band ? [input.otherBandPrices] : [];
  const bands = [input.prices, ...other].sort((a, b) => (a.band === 'peak' ? -1 : b.band === 'peak' ? 1 : 0));
  const rows = bands.map((p) => {
    const band = p.band === 'peak' ? t('peak') : p.band === 'offPeak' ? t('off-peak') : t('all hours');
    return `<li>${escapeXml(band)}: ${t('Per million tokens, {0}: cache hit {1}, cache miss {2}, output {3}', escapeXml(p.currency), p.cacheHitPerMillion, p.cacheMissPerMillion, p.outputPerMillion)}</li>`;
  });
  const { prices } = input;
  const about = [prices.model ? escapeXml(prices.model) : '', prices.checked ? t('checked {0}', prices.checked) : '', prices.source ? escapeXml(prices.source) : ''].filter(Boolean).join(', ');
  return `<p id="prices">${about}</p><ul>${rows.join('')}</ul>`;
}

/** Warnings that the data behind the prices may be out of date. */
function staleNotes(input: UsagePageInput, t: Translate): string {
  const notes: string[] = [];
  const checked = input.prices.checked;
  if (checked && tableAgeDays(checked, input.today) > PRICES_STALE_AFTER_DAYS) {
    notes.push(`<p class="note" id="stale">${t('These prices were checked on {0}, more than {1} days ago: DeepSeek may have changed them since.', checked, PRICES_STALE_AFTER_DAYS)}</p>`);
  }
  const year = Number(beijingDate(input.today).slice(0, 4));
  if (!holidayYearsCovered().includes(year)) {
    notes.push(`<p class="note" id="holidays">${t("The list of Chinese public holidays does not cover {0} yet: this year's holidays are counted as working days.", year)}</p>`);
  }
  return notes.join('\n');
}

function sumDays(days: readonly DayTotals[]): DayTotals {
  const cost: Record<string, number> = {};
  const costByBand: { peak: Record<string, number>; offPeak: Record<string, number> } = { peak: {}, offPeak: {} };
  for (const day of days) {
    for (const [currency, amount] of Object.entries(day.cost)) cost[currency] = (cost[currency] ?? 0) + amount;
    for (const band of ['peak', 'offPeak'] as const) {
      for (const [currency, amount] of Object.entries(day.costByBand?.[band] ?? {})) costByBand[band][currency] = (costByBand[band][currency] ?? 0) + amount;
    }
  }
  const banded = days.some((day) => day.costByBand);
  const add = (name: 'requests' | 'promptTokens' | 'cacheHitTokens' | 'cacheMissTokens' | 'completionTokens' | 'estimatedRequests') => days.reduce((sum, day) => sum + day[name], 0);
  return {
    date: days[days.length - 1]?.date ?? '',
    requests: add('requests'),
    promptTokens: add('promptTokens'),
    cacheHitTokens: add('cacheHitTokens'),
    cacheMissTokens: add('cacheMissTokens'),
    completionTokens: add('completionTokens'),
    estimatedRequests: add('estimatedRequests'),
    cost,
    ...(banded ? { costByBand } : {}),
  };
}

function percent(share: number | undefined): string {
  return share === undefined ? '-' : `${Math.round(share * 100)}%`;
}
