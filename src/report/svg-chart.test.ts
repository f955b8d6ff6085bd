import { integerHistogram, scoreHistogram } from './histogram';
import { barChart, binLabel, chartLegend } from './svg-chart';

describe('barChart', () => {
  it('draws one bar per non-empty bin and series, each with its count as a tooltip', () => {
    const histogram = integerHistogram([
      { name: 'all <candidates>', values: [0, 1, 1, 3] },
      { name: 'kept', values: [1] },
    ]);
    const svg = barChart(histogram, { id: 'chart-depth', title: 'Depth & more', xLabel: 'depth' });
    expect(svg.startsWith('<svg id="chart-depth"')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('<title>all &lt;candidates&gt; 1: 2</title>');
    expect(svg).toContain('aria-label="Depth &amp; more"');
    expect(svg).not.toContain('no data yet');
    expect(chartLegend(histogram)).toContain('all &lt;candidates&gt; (4)');
  });

  it('draws the axes and says so when there is no data', () => {
    const svg = barChart(scoreHistogram([{ name: 'kept', values: [] }]), { id: 'chart-scores', title: 'Scores', xLabel: 'score' });
    expect(svg).not.toContain('<rect ');
    expect(svg).toContain('no data yet');
  });

  it('labels range bins by their edges', () => {
    const histogram = scoreHistogram([{ name: 's', values: [0.62, 0.71] }]);
    expect(binLabel(histogram, 0)).toBe('0.60–0.65');
  });

  it('places each bar by its count, with coordinates rounded to one decimal', () => {
    // Counts 1, 2 and 3 in bins 0, 1, 2 of one series, in the default 580 x 250 chart.
    const histogram = integerHistogram([{ name: 'depth', values: [0, 1, 1, 2, 2, 2] }]);
    const svg = barChart(histogram, { id: 'c', title: 't', xLabel: 'x', yLabel: 'y' });
    const bars = [...svg.matchAll(/<rect class="series-0" x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)">/g)].map((match) => match.slice(1).map(Number));
    // Plot: 580 - 52 - 12 = 516 wide, 250 - 16 - 46 = 188 high, its bottom at y = 204; the y axis runs to
    // 3 (ticks of 1). Each of the 3 bins is 516 / 3 = 172 wide; its bar starts 8% in (13.76) and is 84%
    // of it (144.48) less a 1-pixel gap; a bar of count c is 188 * c / 3 high.
    expect(bars).toEqual([
      [65.8, 141.3, 143.5, 62.7], // x 52 + 13.76, height 62.67
      [237.8, 78.7, 143.5, 125.3], // x 52 + 172 + 13.76, height 125.33
      [409.8, 16, 143.5, 188], // x 52 + 344 + 13.76, full height
    ]);
    const ticks = [...svg.matchAll(/<line class="grid" x1="52" x2="568" y1="([^"]+)"/g)].map((match) => Number(match[1]));
    expect(ticks).toEqual([204, 141.3, 78.7, 16]);
  });
});
