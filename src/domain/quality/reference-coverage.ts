/**
 * Reference coverage: how many human-written reference questions the run also asked. For each
 * reference, the best generated question of the same document is the one with the highest ROUGE-L F
 * against it; the reference is covered when that is ≥ threshold (0.5). coverage and meanBestRougeL
 * are over all references (an unmatched reference counts as not covered, with 0).
 *
 * Which document a reference belongs to: its docId when it has one. Otherwise its context text picks
 * the documents having a generated node context that contains it, or that it contains when that
 * node context has at least 20 characters (so a tiny leaf context does not match every reference);
 * texts are compared after NFKC, lower-casing and removing white space. The candidates are then all
 * generated questions of those documents. Tokens use the locale of the reference question.
 */
import { rougeLTokens } from '../rouge/rouge-l';
import type { QualityLocale } from './content-words';
import { dominantScript } from './language';
import { createTextCache } from './text-cache';

export interface GeneratedQuestion {
  docId: string;
  context: string;
  question: string;
}

export interface ReferenceQuestion {
  docId?: string;
  context?: string;
  question: string;
}

export interface ReferenceCoverage {
  references: number;
  /** Distinct documents with generated questions that at least one reference was matched to. */
  matchedDocuments: number;
  /** References whose document has no generated question. */
  unmatched: number;
  coverage: number;
  meanBestRougeL: number;
  perReference: { question: string; best?: { question: string; rougeL: number } }[];
}

export type LocaleResolver = (text: string) => QualityLocale;

export const localeByScript: LocaleResolver = (text) => (dominantScript(text) === 'cjk' ? 'zh' : 'en');

/** Shortest generated context that may match by being contained in a reference context. */
export const MIN_CONTAINED_CHARS = 20;

const normalize = (text: string): string => text.normalize('NFKC').toLocaleLowerCase().replace(/\s+/gu, '');

function documentsByContext(generated: readonly GeneratedQuestion[]): (context: string) => string[] {
  const contexts = new Map<string, { chars: number; docIds: Set<string> }>();
  for (const { docId, context } of generated) {
    const key = normalize(context);
    const entry = contexts.get(key) ?? { chars: [...key].length, docIds: new Set<string>() };
    entry.docIds.add(docId);
    contexts.set(key, entry);
  }
  const memo = new Map<string, string[]>();
  return (context) => {
    const reference = normalize(context);
    let found = memo.get(reference);
    if (!found) {
      const documents = new Set<string>();
      for (const [candidate, { chars, docIds }] of contexts) {
        const matches = candidate.includes(reference) || (chars >= MIN_CONTAINED_CHARS && reference.includes(candidate));
        if (reference.length > 0 && matches) for (const docId of docIds) documents.add(docId);
      }
      found = [...documents];
      memo.set(reference, found);
    }
    return found;
  };
}

export function referenceCoverage(
  generated: readonly GeneratedQuestion[],
  references: readonly ReferenceQuestion[],
  threshold = 0.5,
  localeOf: LocaleResolver = localeByScript,
): ReferenceCoverage {
  const questionsByDocument = new Map<string, string[]>();
  for (const { docId, question } of generated) {
    if (!questionsByDocument.has(docId)) questionsByDocument.set(docId, []);
    questionsByDocument.get(docId)!.push(question);
  }
  const documentsOf = documentsByContext(generated);
  const cache = createTextCache();
  const matchedDocuments = new Set<string>();
  let unmatched = 0;
  let covered = 0;
  let bestSum = 0;
  const perReference = references.map((reference) => {
    const documents = (reference.docId !== undefined ? [reference.docId] : documentsOf(reference.context ?? '')).filter((docId) => questionsByDocument.has(docId));
    if (documents.length === 0) {
      unmatched += 1;
      return { question: reference.question };
    }
    for (const docId of documents) matchedDocuments.add(docId);
    const locale = localeOf(reference.question);
    const referenceTokens = cache.tokens(reference.question, locale);
    let best = { question: '', rougeL: -1 };
    for (const question of documents.flatMap((docId) => questionsByDocument.get(docId)!)) {
      const { f } = rougeLTokens(cache.tokens(question, locale), referenceTokens);
      if (f > best.rougeL) best = { question, rougeL: f };
    }
    bestSum += best.rougeL;
    if (best.rougeL >= threshold) covered += 1;
    return { question: reference.question, best };
  });
  const count = references.length;
  return {
    references: count,
    matchedDocuments: matchedDocuments.size,
    unmatched,
    coverage: count === 0 ? 0 : covered / count,
    meanBestRougeL: count === 0 ? 0 : bestSum / count,
    perReference,
  };
}
