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

  it('gives the same markup for the same histogram', () => {
    const make = () => barChart(scoreHistogram([{ name: 's', values: [0.1, 0.33, 0.9] }]), { id: 'c', title: 't', xLabel: 'x', yLabel: 'y' });
    expect(make()).toBe(make());
  });
});
