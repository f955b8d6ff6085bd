import { measureQuality } from './measure-quality';
import { QUALITY_MEASURES, QualityReportSchema } from './quality-report';

describe('QualityReportSchema', () => {
  const valid = measureQuality([]);

  it('accepts a report and names the field of a broken one', () => {
    expect(QualityReportSchema.safeParse(valid).success).toBe(true);
    const broken = { ...valid, copiedQuestions: { count: 1, share: 1.5 } };
    const parsed = QualityReportSchema.safeParse(broken);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['copiedQuestions', 'share']);
    const fractionalCount = { ...valid, forms: { ...valid.forms, wh: 0.5 } };
    expect(QualityReportSchema.safeParse(fractionalCount).success).toBe(false);
  });
  it('has a worst list for every measure', () => {
    expect(Object.keys(valid.worst).sort()).toEqual([...QUALITY_MEASURES].sort());
  });
});
