// The per-day usage chart as an SVG string: requests, prompt tokens (cache hit stacked on cache
// miss) and money for the last 30 days, one bar per day. Colours come from classes the page
// styles with the editor theme's chart colours, so the SVG itself needs no inline style (the
// view's content security policy allows none). Every bar has a <title> with the day's figures.
import { formatSpend } from './spendFormat';
import { localDateKey, type DayTotals } from './spendMeter';
import { english, type Translate } from './translate';

export const CHART_DAYS = 30;

/** The classes the chart uses, with theme colours: the page puts this in its <style>. */
export const USAGE_CHART_CSS = `
.chart text { fill: var(--vscode-foreground); font-size: 11px; }
.chart .axis { stroke: var(--vscode-panel-border, var(--vscode-foreground)); stroke-width: 1; opacity: 0.5; }
.chart .requests { fill: var(--vscode-charts-blue); }
.chart .hit { fill: var(--vscode-charts-green); }
.chart .miss { fill: var(--vscode-charts-orange); }
.chart .money { fill: var(--vscode-charts-purple); }
.chart .estimated { stroke: var(--vscode-charts-red); stroke-width: 1.5; stroke-dasharray: 3 2; }
`;

const WIDTH = 720;
const LEFT = 8;
const PLOT_WIDTH = WIDTH - LEFT - 8;
const PANEL_HEIGHT = 110;
const BAR_AREA = 72;
const TITLE_HEIGHT = 20;

/** The last `count` local days up to `today`, oldest first, zeros where nothing was recorded. */
export function lastDays(days: readonly DayTotals[], today: Date, count = CHART_DAYS): DayTotals[] {
  const byDate = new Map(days.map((day) => [day.date, day]));
  const result: DayTotals[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const date = localDateKey(new Date(today.getFullYear(), today.getMonth(), today.getDate() - back, 12));
    result.push(byDate.get(date) ?? { date, requests: 0, promptTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0, completionTokens: 0, estimatedRequests: 0, cost: {} });
  }
  return result;
}

interface Segment {
  readonly value: number;
  readonly className: string;
}

interface Panel {
  readonly title: string;
  readonly segments: (day: DayTotals) => Segment[];
  readonly describe: (day: DayTotals) => string;
}

/** The chart for the last 30 days up to `today`, money in `currency`. */
export function renderUsageChart(days: readonly DayTotals[], today: Date, currency: string, t: Translate = english): string {
  const shown = lastDays(days, today);
  const money = (day: DayTotals) => day.cost[currency] ?? 0;
  const estimatedNote = (day: DayTotals) => (day.estimatedRequests > 0 ? ` ${t('(includes {0} estimated)', day.estimatedRequests)}` : '');
  const panels: Panel[] = [
    {
      title: t('Requests'),
      segments: (day) => [{ value: day.requests, className: 'requests' }],
      describe: (day) => `${day.date}: ${t('{0} requests', day.requests)}${estimatedNote(day)}`,
    },
    {
      title: t('Prompt tokens: cache hit / cache miss'),
      segments: (day) => [
        { value: day.cacheMissTokens, className: 'miss' },
        { value: day.cacheHitTokens, className: 'hit' },
      ],
      describe: (day) => `${day.date}: ${t('{0} cache-hit and {1} cache-miss tokens', day.cacheHitTokens, day.cacheMissTokens)}${estimatedNote(day)}`,
    },
    {
      title: t('Money ({0})', currency),
      segments: (day) => [{ value: money(day), className: 'money' }],
      describe: (day) => `${day.date}: ${formatSpend(money(day), currency)}${estimatedNote(day)}`,
    },
  ];
  const height = panels.length * PANEL_HEIGHT;
  const body = panels.map((panel, index) => renderPanel(panel, shown, index * PANEL_HEIGHT, index === 2 ? (v) => formatSpend(v, currency) : String, t)).join('');
  const label = t('Usage for the {0} days {1} to {2}', CHART_DAYS, shown[0].date, shown[shown.length - 1].date);
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(label)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${body}</svg>`;
}

function renderPanel(panel: Panel, days: readonly DayTotals[], top: number, format: (value: number) => string, t: Translate): string {
  const totals = days.map((day) => panel.segments(day).reduce((sum, segment) => sum + segment.value, 0));
  const max = Math.max(...totals);
  const slot = PLOT_WIDTH / days.length;
  const barWidth = Math.max(1, slot - 3);
  const baseline = top + TITLE_HEIGHT + BAR_AREA;
  const parts: string[] = [`<text x="${LEFT}" y="${top + 14}">${escapeXml(t('{0} — highest day {1}', panel.title, format(max)))}</text>`];
  parts.push(`<line class="axis" x1="${LEFT}" y1="${baseline}" x2="${LEFT + PLOT_WIDTH}" y2="${baseline}"/>`);
  days.forEach((day, index) => {
    const x = round(LEFT + index * slot + 1.5);
    let y = baseline;
    const rects: string[] = [];
    for (const segment of panel.segments(day)) {
      const h = max > 0 ? (segment.value / max) * BAR_AREA : 0;
      if (h <= 0) continue;
      y -= h;
      rects.push(`<rect class="${segment.className}" x="${x}" y="${round(y)}" width="${round(barWidth)}" height="${round(h)}"/>`);
    }
    if (day.estimatedRequests > 0 && rects.length > 0) {
      rects.push(`<rect class="estimated" fill="none" x="${x}" y="${round(y)}" width="${round(barWidth)}" height="${round(baseline - y)}"/>`);
    }
    // A hover target over the whole slot, so empty days say so too.
    parts.push(`<g><title>${escapeXml(panel.describe(day))}</title>${rects.join('')}<rect fill="transparent" x="${x}" y="${top + TITLE_HEIGHT}" width="${round(barWidth)}" height="${BAR_AREA}"/></g>`);
  });
  const labelY = baseline + 14;
  for (const index of [0, Math.floor(days.length / 2), days.length - 1]) {
    const anchor = index === 0 ? 'start' : index === days.length - 1 ? 'end' : 'middle';
    const x = index === days.length - 1 ? LEFT + PLOT_WIDTH : round(LEFT + (index + 0.5) * slot);
    parts.push(`<text x="${x}" y="${labelY}" text-anchor="${anchor}">${days[index].date}</text>`);
  }
  return parts.join('');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
