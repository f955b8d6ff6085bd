import { codePoints, escapeHtml, formatCost, formatDecimal, formatInteger, formatPercent, truncate } from './html';

describe('report text helpers', () => {
  it('escapes text for elements and quoted attributes', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('counts and cuts code points, not UTF-16 units', () => {
    expect(codePoints('🍵绿茶')).toBe(3);
    expect(truncate('🍵绿茶好喝', 3)).toBe('🍵绿…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('formats numbers without the locale', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(-1000)).toBe('-1,000');
    expect(formatInteger(999)).toBe('999');
    expect(formatDecimal(-0.0001, 2)).toBe('0.00');
    expect(formatPercent(0.8123)).toBe('81.2%');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.000286)).toBe('$0.0003');
    expect(formatCost(12.999)).toBe('$13.00');
    expect(formatCost(1234.5)).toBe('$1,234.50');
  });
});
