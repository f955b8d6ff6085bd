/**
 * SPEC stage 2 in a run: negatives from the three weakened prompts, the scorer trained and saved,
 * each root's candidates ranked and filtered, and the numbers add up.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { augconRun } from '../../src/workflows';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readJsonl, readRun, writeCorpus } from '../helpers/run-files';

describe('the scorer stage', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness('scorer-stage');
  });
  afterAll(() => harness?.close());

  it('on 50 documents: trains on weakened-prompt negatives, alternates passes with filtering, and accounts for every candidate', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 50, { chinese: true });
    const maxPasses = 2;
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 9, cst: { maxPasses, charsPerPair: 15 } });
    const run = await readRun(summary.runDirectory);

    expect(summary.documents).toBe(51);
    expect(summary.filter).toBeDefined();
    const filter = summary.filter!;
    expect(filter.kept + filter.duplicates + filter.overQuota).toBe(summary.candidates);
    expect(filter.heldOutAccuracy).toBeGreaterThan(0.9);

    const weak = harness.standin.calls().filter((call) => call.kind === 'cst-weak');
    // Triples are planned from the first pass's candidates.
    const firstPass = run.candidates.filter((candidate) => candidate.pass === 1).length;
    const perVariant = Math.min(500, Math.floor(firstPass / 3));
    expect(filter.triples).toBe(perVariant * 3);
    expect(weak.filter((call) => call.outcome === 'ok')).toHaveLength(perVariant * 3);

    const kept = await readJsonl<{ rootId: string; rank: number; score: number; question: string; pass: number }>(join(summary.runDirectory, 'filtered.jsonl'));
    const rejected = await readJsonl<{ reason: string; duplicateOf?: string }>(join(summary.runDirectory, 'rejected.jsonl'));
    expect(kept).toHaveLength(filter.kept);
    expect(rejected).toHaveLength(filter.duplicates + filter.overQuota);
    // Every duplicate names the kept question it repeats (the templated stand-in questions give some).
    const duplicates = rejected.filter((r) => r.reason === 'duplicate');
    expect(duplicates).toHaveLength(filter.duplicates);
    expect(filter.duplicates).toBeGreaterThan(0);
    expect(duplicates.filter((r) => typeof r.duplicateOf !== 'string')).toEqual([]);

    // Every root ends at its quota, or under it after maxPasses passes and listed as such.
    const manifest = run.manifest as unknown as {
      rootsUnderQuota: { rootId: string; passes: number; kept: number }[];
      counts: { rootsRepassed: number };
      scorer: { lossPerEpoch: { epoch: number; heldOutAccuracy: number }[]; heldOutPairwiseAccuracy: number };
    };
    const listedUnder = new Set(manifest.rootsUnderQuota.map((root) => root.rootId));
    expect(run.roots.length).toBeGreaterThanOrEqual(51);
    for (const root of run.roots) {
      const rows = kept.filter((row) => row.rootId === root.rootId);
      expect(rows.length).toBeLessThanOrEqual(root.quota);
      if (rows.length === root.quota) expect(listedUnder.has(root.rootId)).toBe(false);
      else expect({ rootId: root.rootId, listed: listedUnder.has(root.rootId), passes: root.passes }).toEqual({ rootId: root.rootId, listed: true, passes: maxPasses });
      const byRank = [...rows].sort((a, b) => a.rank - b.rank);
      for (let index = 1; index < byRank.length; index += 1) expect(byRank[index - 1]!.score).toBeGreaterThanOrEqual(byRank[index]!.score);
    }
    // Later passes ran only for roots under quota, and their questions reach the filter.
    const repassed = run.roots.filter((root) => root.passes > 1);
    expect(repassed.length).toBeGreaterThan(0);
    expect(manifest.counts.rootsRepassed).toBe(run.roots.reduce((sum, root) => sum + root.passes - 1, 0));
    expect(kept.some((row) => row.pass > 1)).toBe(true);
    // The quota is set high enough (15 characters a pair) that both endings occur.
    expect(listedUnder.size).toBeGreaterThan(0);
    expect(listedUnder.size).toBeLessThan(run.roots.length);
    expect(summary.rootsUnderQuota).toBe(listedUnder.size);

    expect(manifest.scorer.lossPerEpoch.map((epoch) => epoch.epoch)).toEqual([1, 2, 3, 4]);
    const model = JSON.parse(readFileSync(join(summary.runDirectory, 'scorer', 'model.json'), 'utf8')) as { weights: unknown[]; featureSettings: unknown };
    expect(model.weights.length).toBeGreaterThan(10);

    // Every stage's tokens are counted: the negatives' too (the stand-in reports the tokens it saw).
    const { tokensByStage, tokens } = run.manifest as unknown as {
      tokens: { totalTokens: number };
      tokensByStage: Record<'contextSplitTree' | 'scorerNegatives' | 'selfImprovement' | 'answers', { totalTokens: number }>;
    };
    const weakTokens = weak.filter((call) => call.outcome === 'ok').reduce((sum, call) => sum + call.promptTokens + call.completionTokens, 0);
    expect(tokensByStage.scorerNegatives.totalTokens).toBe(weakTokens);
    expect(tokens.totalTokens).toBe(
      tokensByStage.contextSplitTree.totalTokens + tokensByStage.scorerNegatives.totalTokens + tokensByStage.selfImprovement.totalTokens + tokensByStage.answers.totalTokens,
    );
  });

  it('resumes training from the checkpoint of the same data instead of starting over', async () => {
    // A run name is claimed by one workflow chain, so the way to train a run's scorer again is a
    // Temporal reset of that run (UI or CLI): the new execution keeps the name and finds its checkpoint.
    const corpus = await writeCorpus(join(harness.dataDir, 'resume'), 4);
    const workflowId = `${harness.name}-resume`;
    const first = await harness.run({ corpus: { paths: [corpus] }, runName: workflowId, seed: 5 }, workflowId);
    const history = await harness.client.workflow.getHandle(workflowId).fetchHistory();
    const firstTask = history.events!.find((event) => event.workflowTaskCompletedEventAttributes);
    const described = await harness.client.workflow.getHandle(workflowId).describe();
    const reset = await harness.client.workflowService.resetWorkflowExecution({
      namespace: harness.client.options.namespace,
      workflowExecution: { workflowId, runId: described.runId },
      reason: 'scorer-stage test: train again',
      workflowTaskFinishEventId: firstTask!.eventId,
      requestId: randomUUID(),
    });
    const second = await harness.client.workflow.getHandle<typeof augconRun>(workflowId, reset.runId).result();
    const manifest = (await readRun(second.runDirectory)).manifest as unknown as { scorer: { resumedFromEpoch: number; lossPerEpoch: unknown[] } };
    expect(manifest.scorer.resumedFromEpoch).toBe(4);
    expect(manifest.scorer.lossPerEpoch).toHaveLength(4);
    expect(second.filter).toEqual(first.filter);
  });

  it('uses the endpoint embeddings as features when an embedding model is configured', async () => {
    const embedding = await createHarness('scorer-embeddings', { embeddingModel: 'augcon-standin-embeddings' });
    try {
      const corpus = await writeCorpus(join(embedding.dataDir, 'corpus'), 6);
      const summary = await embedding.run({ corpus: { paths: [corpus] }, seed: 2 });
      expect(summary.filter).toMatchObject({ features: 'embeddings:augcon-standin-embeddings' });
      expect(summary.filter!.kept + summary.filter!.duplicates + summary.filter!.overQuota).toBe(summary.candidates);
      expect(summary.filter!.heldOutAccuracy).toBeGreaterThan(0.9);
      const embeddingCalls = embedding.standin.calls().filter((call) => call.kind === 'embeddings' && call.outcome === 'ok');
      expect(embeddingCalls.length).toBeGreaterThan(0);
      expect(embeddingCalls.every((call) => call.model === 'augcon-standin-embeddings')).toBe(true);
      const model = JSON.parse(readFileSync(join(summary.runDirectory, 'scorer', 'model.json'), 'utf8')) as { featureSettings: { embeddingDimension: number } };
      expect(model.featureSettings.embeddingDimension).toBe(64);
    } finally {
      await embedding.close();
    }
  });

  it('can be switched off', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'off'), 2);
    const summary = await harness.run({ corpus: { paths: [corpus] }, scorer: { enabled: false } }, `${harness.name}-off`);
    expect(summary.filter).toBeUndefined();
    expect(existsSync(join(summary.runDirectory, 'filtered.jsonl'))).toBe(false);
  });
});
