/**
 * Bar charts of histograms as inline SVG: grouped bars per bin (one colour per series), a y axis
 * with nice ticks, bin labels on the x axis, a <title> per bar so hovering shows the count.
 * Deterministic: coordinates are rounded to one decimal.
 */
import type { Histogram } from './histogram';
import { niceWidth } from './histogram';
import { escapeHtml, formatDecimal, formatInteger } from './html';

export interface ChartOptions {
  /** The SVG's accessible name. */
  title: string;
  xLabel: string;
  yLabel?: string;
  /** id attribute of the <svg>. */
  id: string;
  width?: number;
  height?: number;
}

const round1 = (value: number) => formatDecimal(Math.round(value * 10) / 10, 1).replace(/\.0$/, '');

function labelDecimals(histogram: Histogram): number {
  const first = histogram.bins[0];
  if (!first || histogram.kind === 'integer') return 0;
  const width = first.end - first.start;
  return width >= 1 ? 0 : width >= 0.1 ? 1 : 2;
}

export function binLabel(histogram: Histogram, index: number): string {
  const bin = histogram.bins[index]!;
  if (histogram.kind === 'integer') return formatInteger(bin.start);
  const decimals = labelDecimals(histogram);
  const format = (value: number) => (decimals === 0 ? formatInteger(value) : formatDecimal(value, decimals));
  return `${format(bin.start)}–${format(bin.end)}`;
}

export function barChart(histogram: Histogram, options: ChartOptions): string {
  const width = options.width ?? 580;
  const height = options.height ?? 250;
  const margin = { top: 16, right: 12, bottom: 46, left: 52 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const maxCount = histogram.bins.reduce((max, bin) => Math.max(max, ...bin.counts), 0);
  const step = niceWidth(Math.max(1, maxCount) / 4);
  const yMax = Math.max(step, Math.ceil(maxCount / step) * step);
  const y = (count: number) => margin.top + plotHeight - (count / yMax) * plotHeight;
  const binCount = Math.max(1, histogram.bins.length);
  const groupWidth = plotWidth / binCount;
  const seriesCount = Math.max(1, histogram.series.length);
  const barWidth = (groupWidth * 0.84) / seriesCount;

  const parts: string[] = [];
  parts.push(
    `<svg id="${escapeHtml(options.id)}" class="chart" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
  );
  parts.push(`<title>${escapeHtml(options.title)}</title>`);
  for (let tick = 0; tick <= yMax; tick += step) {
    const position = round1(y(tick));
    parts.push(`<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${position}" y2="${position}"/>`);
    parts.push(`<text class="tick" x="${margin.left - 6}" y="${position}" text-anchor="end" dominant-baseline="middle">${formatInteger(tick)}</text>`);
  }
  histogram.bins.forEach((bin, binIndex) => {
    const groupX = margin.left + binIndex * groupWidth + groupWidth * 0.08;
    bin.counts.forEach((count, seriesIndex) => {
      if (count === 0) return;
      const top = y(count);
      const label = `${histogram.series[seriesIndex] ?? ''} ${binLabel(histogram, binIndex)}: ${formatInteger(count)}`;
      parts.push(
        `<rect class="series-${seriesIndex}" x="${round1(groupX + seriesIndex * barWidth)}" y="${round1(top)}" width="${round1(Math.max(1, barWidth - 1))}" height="${round1(margin.top + plotHeight - top)}"><title>${escapeHtml(label)}</title></rect>`,
      );
    });
  });
  // At most about 10 x labels, evenly spaced.
  const every = Math.max(1, Math.ceil(binCount / 10));
  histogram.bins.forEach((_, binIndex) => {
    if (binIndex % every !== 0) return;
    const x = round1(margin.left + (binIndex + 0.5) * groupWidth);
    const text = histogram.kind === 'integer' ? binLabel(histogram, binIndex) : binLabel(histogram, binIndex).split('–')[0]!;
    parts.push(`<text class="tick" x="${x}" y="${margin.top + plotHeight + 14}" text-anchor="middle">${escapeHtml(text)}</text>`);
  });
  parts.push(`<line class="axis" x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}"/>`);
  parts.push(`<text class="axis-label" x="${margin.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`);
  if (options.yLabel) {
    parts.push(`<text class="axis-label" transform="translate(14 ${round1(margin.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(options.yLabel)}</text>`);
  }
  if (histogram.totals.every((total) => total === 0)) {
    parts.push(`<text class="empty" x="${margin.left + plotWidth / 2}" y="${margin.top + plotHeight / 2}" text-anchor="middle">no data yet</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The colour key of a chart's series, as HTML. */
export function chartLegend(histogram: Histogram): string {
  return `<p class="chart-legend">${histogram.series
    .map((name, index) => `<span><i class="swatch series-${index}"></i>${escapeHtml(name)} (${formatInteger(histogram.totals[index] ?? 0)})</span>`)
    .join(' ')}</p>`;
}
