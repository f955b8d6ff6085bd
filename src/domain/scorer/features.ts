/**
 * The offline featurizer of the scorer: sparse hashed features of the pair (context, question), the
 * text the paper feeds its scorer as `Context: {C}\n\nQuestion: {q}`. Word uni- and bigrams and
 * character trigrams of the question (trigrams make Chinese work without a word list), plus dense
 * features of how the question relates to its context: word overlap, ROUGE-L, coverage and lengths.
 */
import { fnv1a32 } from '../cst/seed';
import { rougeLTokens } from '../rouge/rouge-l';
import { wordTokens } from '../rouge/tokenize';

export interface FeatureSettings {
  /** log2 of the hashed feature space. @default 18 */
  hashBits: number;
  /** Length of the endpoint embedding appended to the features; 0 for the offline featurizer. @default 0 */
  embeddingDimension?: number;
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { hashBits: 18 };

/** The text the scorer reads, as in the paper: embeddings are taken of exactly this. */
export const scorerText = (context: string, question: string): string => `Context: ${context}\n\nQuestion: ${question}`;

/** Sparse vector: parallel arrays of indices and values. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** Dense features come first in the weight vector, hashed ones after them. */
export const DENSE_FEATURES = ['bias', 'overlap', 'rougeP', 'rougeR', 'coverage', 'questionLength', 'lengthRatio', 'questionMark'] as const;

export function featureDimension(settings: FeatureSettings): number {
  return DENSE_FEATURES.length + 2 ** settings.hashBits + (settings.embeddingDimension ?? 0);
}

export function featurize(
  context: string,
  question: string,
  settings: FeatureSettings = DEFAULT_FEATURE_SETTINGS,
  locale?: string,
  /** The embedding of scorerText(context, question), when the embeddings path is configured. */
  embedding?: readonly number[],
): SparseVector {
  if ((settings.embeddingDimension ?? 0) !== (embedding?.length ?? 0)) {
    throw new Error(`expected an embedding of ${settings.embeddingDimension ?? 0} values, got ${embedding?.length ?? 0}`);
  }
  const contextTokens = wordTokens(context, locale);
  const questionTokens = wordTokens(question, locale);
  const contextSet = new Set(contextTokens);
  const questionSet = new Set(questionTokens);
  const shared = [...questionSet].filter((token) => contextSet.has(token)).length;
  const rouge = rougeLTokens(questionTokens, contextTokens);
  const questionChars = [...question].length;
  const dense = [
    1,
    questionSet.size === 0 ? 0 : shared / questionSet.size,
    rouge.precision,
    rouge.recall,
    contextSet.size === 0 ? 0 : shared / contextSet.size,
    Math.log1p(questionChars) / 5,
    Math.min(2, questionChars / Math.max(1, [...context].length)) ,
    /[?？]\s*$/u.test(question) ? 1 : 0,
  ];

  const hashed = new Map<number, number>();
  const size = 2 ** settings.hashBits;
  const add = (feature: string, weight: number) => {
    const index = DENSE_FEATURES.length + (fnv1a32(feature) % size);
    hashed.set(index, (hashed.get(index) ?? 0) + weight);
  };
  questionTokens.forEach((token, index) => {
    add(`w:${token}`, 1);
    if (index > 0) add(`b:${questionTokens[index - 1]}_${token}`, 1);
    add(`in:${contextSet.has(token) ? 1 : 0}:${index === 0 ? 'first' : 'next'}`, 0.5);
  });
  const characters = [...question.toLowerCase()];
  for (let index = 0; index + 3 <= characters.length; index += 1) add(`c:${characters.slice(index, index + 3).join('')}`, 0.5);

  // L2-normalize the hashed part so long questions do not dominate.
  const norm = Math.sqrt([...hashed.values()].reduce((sum, value) => sum + value * value, 0)) || 1;
  const embeddingOffset = DENSE_FEATURES.length + size;
  const entries = [
    ...dense.map((value, index) => [index, value] as const),
    ...[...hashed.entries()].map(([index, value]) => [index, value / norm] as const),
    ...(embedding ?? []).map((value, index) => [embeddingOffset + index, value] as const),
  ].sort((a, b) => a[0] - b[0]);
  return { indices: Uint32Array.from(entries.map(([index]) => index)), values: Float32Array.from(entries.map(([, value]) => value)) };
}
