/**
 * Text helpers of the run report: every string that reaches the HTML (questions and contexts come
 * from an LLM, document ids from file names) goes through escapeHtml, and numbers are formatted
 * without the machine's locale so the same data gives the same bytes everywhere.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/** Length in Unicode code points (SPEC: never `s.length`). */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The first `limit` code points of `text`, with "…" when it was cut. */
export function truncate(text: string, limit: number): string {
  const characters = [...text];
  return characters.length <= limit ? text : `${characters.slice(0, Math.max(0, limit - 1)).join('')}…`;
}

/** 1234567 -> "1,234,567" (fixed separators, independent of the locale). */
export function formatInteger(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A fixed number of decimals, "-0.00" shown as "0.00". */
export function formatDecimal(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** 0.8123 -> "81.2%". */
export function formatPercent(ratio: number, decimals = 1): string {
  return `${formatDecimal(ratio * 100, decimals)}%`;
}

/** US dollars with enough decimals for small amounts: "$0.0042", "$12.35". */
export function formatCost(dollars: number): string {
  if (dollars === 0) return '$0.00';
  if (dollars < 1) return `$${formatDecimal(dollars, 4)}`;
  const cents = Math.round(dollars * 100);
  return `$${formatInteger(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
}

/** Byte-order string comparison (not the locale's), for stable sorting. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An HTML table; cells are HTML already (escape text before), numeric columns right-aligned. */
export function table(headers: { label: string; numeric?: boolean }[], rows: string[][]): string {
  const head = headers.map((header) => `<th${header.numeric ? ' class="num"' : ''}>${escapeHtml(header.label)}</th>`).join('');
  const body = rows
    .map((cells) => `<tr>${cells.map((cell, index) => `<td${headers[index]?.numeric ? ' class="num"' : ' class="wrap"'}>${cell}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
