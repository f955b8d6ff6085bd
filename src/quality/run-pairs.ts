/**
 * The pairs a run's quality is measured on, read from the store: the kept questions (every candidate
 * when the run has no scorer), each with its node context, its root's original text and, once
 * answered, its answer. Used by the manifest (finalizeRun), the report and `augcon eval`, so all
 * three measure the same pairs.
 */
import type { QualityPair } from '../domain/quality';
import type { RunStore, RootRow } from '../store/run-store';

export type QualityStore = Pick<RunStore, 'listCandidates' | 'listFilterDecisions' | 'listAnswers' | 'getRoot'>;

const keyOf = (row: { rootId: string; pass: number; path: string }) => `${row.rootId}/${row.pass}/${row.path}`;

export async function listQualityPairs(store: QualityStore, runName: string): Promise<QualityPair[]> {
  const candidates = await store.listCandidates(runName);
  const decisions = await store.listFilterDecisions(runName);
  const keptKeys = decisions.length > 0 ? new Set(decisions.filter((d) => d.kept).map(keyOf)) : undefined;
  const kept = keptKeys ? candidates.filter((c) => keptKeys.has(keyOf(c))) : candidates;
  const answers = new Map<string, string>();
  for (const row of await store.listAnswers(runName, keptKeys !== undefined)) {
    if (row.answer.status === 'ok' && row.answer.answer !== undefined) answers.set(keyOf(row), row.answer.answer);
  }
  const roots = new Map<string, RootRow | undefined>();
  const pairs: QualityPair[] = [];
  for (const candidate of kept) {
    if (!roots.has(candidate.rootId)) roots.set(candidate.rootId, await store.getRoot(runName, candidate.rootId));
    const root = roots.get(candidate.rootId);
    const answer = answers.get(keyOf(candidate));
    pairs.push({
      rootId: candidate.rootId,
      docId: candidate.docId,
      pass: candidate.pass,
      path: candidate.path,
      depth: candidate.depth,
      context: candidate.context,
      rootText: root?.text ?? candidate.context,
      question: candidate.question,
      ...(answer === undefined ? {} : { answer }),
      locale: root?.script === 'cjk' ? 'zh' : 'en',
    });
  }
  return pairs;
}
