/** Quality measures of generated SFT data: pure functions, no I/O, no Temporal. */
export { measureQuality, type MeasureQualityOptions } from './measure-quality';
export { hasAnswer, type QualityPair } from './pair-measures';
export { QUALITY_MEASURES, QualityReportSchema, WorstEntrySchema, type QualityMeasure, type QualityReport, type WorstEntry } from './quality-report';
export { contentWords, isStopWord, namesIn, numbersIn, type QualityLocale } from './content-words';
export { englishStem } from './english-stem';
export { inventedContent, type InventedContent } from './invented-content';
export { isQuestion, questionForm, type QuestionForm } from './question-form';
export { dominantScript, languageMatches, type DominantScript } from './language';
export { distinctN, mtld } from './diversity';
export { granularitySpread, lengthBucket, LENGTH_BUCKETS, normalizedEntropy, type GranularitySpread, type LengthBucket } from './spread';
export { createTextCache, type TextCache } from './text-cache';
export { answerGrounding, copiesContext, copySpanShare, DEFAULT_COPY_THRESHOLD, MIN_COPY_TOKENS, questionGrounding, type AnswerGrounding, type QuestionGrounding } from './grounding';
export { maxPairwiseRougeL, type NearDuplicate } from './near-duplicates';
export { localeByScript, referenceCoverage, type GeneratedQuestion, type LocaleResolver, type ReferenceCoverage, type ReferenceQuestion } from './reference-coverage';
export { parseReferenceLine, ReferenceRecordSchema, type ReferenceLine, type ReferenceRecord } from './reference-record';
export { wilsonInterval, type Interval } from './interval';
