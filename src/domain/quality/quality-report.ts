/**
 * The quality report of a run as plain JSON (numbers rounded to 4 decimals), and its zod schema so a
 * stored or hand-edited report can be validated when read back. Shares are in [0, 1]; counts are
 * whole numbers. `worst` lists, per measure, the pairs that score worst on it, worst first.
 */
import { z } from 'zod';

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

export const QUALITY_MEASURES = ['questionGroundingRoot', 'answerGrounding', 'copiedQuestion', 'nearDuplicate', 'notQuestion', 'languageMismatch', 'answerLength'] as const;
export type QualityMeasure = (typeof QUALITY_MEASURES)[number];

export const WorstEntrySchema = z.object({
  rootId: z.string(),
  pass: z.number().int(),
  path: z.string(),
  question: z.string(),
  answer: z.string().optional(),
  /** The measure's value for this pair (see `worst-examples.ts`). */
  value: z.number(),
  note: z.string().optional(),
});
export type WorstEntry = z.infer<typeof WorstEntrySchema>;

const worstList = z.array(WorstEntrySchema);

export const QualityReportSchema = z.object({
  pairs: count,
  questionGrounding: z.object({ meanNode: share, meanRoot: share, belowHalfRoot: count }),
  answerGrounding: z.object({ answered: count, meanShare: share, meanLongestSpan: nonNegative, meanLongestSpanShare: share }),
  copiedQuestions: z.object({ count, share }),
  /** `roots`: roots with at least two questions; the means are over those. */
  nearDuplicates: z.object({ roots: count, meanMaxRougeL: share, maxRougeL: share, rootsAbove07: count }),
  diversity: z.object({ distinct1: share, distinct2: share, mtld: nonNegative }),
  granularity: z.object({ byDepth: z.record(z.string(), count), byLengthBucket: z.record(z.string(), count), depthEntropy: share, lengthEntropy: share }),
  forms: z.object({ wh: count, yesNo: count, otherQuestion: count, notQuestion: count }),
  languageMatch: z.object({ matched: count, share }),
  /** Characters (code points) of the answers; zeros when nothing is answered. */
  answerLength: z.object({ mean: nonNegative, median: nonNegative, p10: nonNegative, p90: nonNegative }),
  worst: z.object({
    questionGroundingRoot: worstList,
    answerGrounding: worstList,
    copiedQuestion: worstList,
    nearDuplicate: worstList,
    notQuestion: worstList,
    languageMismatch: worstList,
    answerLength: worstList,
  }),
});

export type QualityReport = z.infer<typeof QualityReportSchema>;
