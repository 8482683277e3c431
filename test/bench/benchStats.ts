// Small statistics and table helpers shared by the benchmarks.
import { DEFAULT_DEEPSEEK_MODEL, priceTableFor } from '../../src/engine/pricing/priceTable';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Nearest-rank percentile (q in 0..1) of the values; Infinity counts as larger than anything. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Formats a number for a table: fixed decimals, "-" for NaN, "never" for Infinity. */
export function fmt(value: number, decimals = 1): string {
  if (Number.isNaN(value)) return '-';
  if (value === Number.POSITIVE_INFINITY) return 'never';
  return value.toFixed(decimals);
}

/** ours / theirs as "0.42x", with the edge cases spelled out. */
export function ratio(ours: number, theirs: number): string {
  if (Number.isNaN(ours) || Number.isNaN(theirs)) return '-';
  if (!Number.isFinite(ours) || !Number.isFinite(theirs)) return ours === theirs ? '1.00x' : !Number.isFinite(theirs) ? '0 (theirs never)' : 'inf';
  if (theirs === 0) return ours === 0 ? '1.00x' : 'inf (theirs 0)';
  return `${(ours / theirs).toFixed(2)}x`;
}

/** A Markdown table with the columns padded, so it reads well in a terminal and in a .md file. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The repository root, from the compiled file's place (out/test/bench/*.js) or the source's. */
export function repoRoot(): string {
  const fromOut = join(__dirname, '..', '..', '..');
  try {
    readFileSync(join(fromOut, 'package.json'));
    return fromOut;
  } catch {
    return join(__dirname, '..', '..');
  }
}

export interface DataFile {
  readonly name: string;
  readonly text: string;
}

/** The benchmark's source files (test/data), line endings normalised to `\n`. */
export const DATA_FILES = ['python-shlex.py.txt', 'python-textwrap.py.txt', 'ollama-browser.ts.txt', 'ollama-utils.ts.txt'];

export function loadDataFiles(names: readonly string[] = DATA_FILES): DataFile[] {
  const dir = join(repoRoot(), 'test', 'data');
  return names.map((name) => ({ name: name.replace(/\.txt$/, ''), text: readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n') }));
}

/** Prices per million tokens the benches bill with: the spend meter's built-in table (src/engine/pricing). */
export interface Prices {
  readonly currency: string;
  readonly cacheHitPerMillion: number;
  readonly cacheMissPerMillion: number;
  readonly outputPerMillion: number;
  readonly source: string;
}

/** deepseek-flash in USD at the peak band (the dearer one: a working-hours session), from the built-in table. */
export function defaultPrices(): Prices {
  const table = priceTableFor(DEFAULT_DEEPSEEK_MODEL, 'USD');
  return { currency: table.currency, ...table.rates.peak, source: `${table.model} peak list prices, checked ${table.checked}` };
}
