/**
 * SPEC stage 2 in a run: negatives from the three weakened prompts, the scorer trained and saved,
 * each root's candidates ranked and filtered, and the numbers add up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readJsonl, readRun, writeCorpus } from '../helpers/run-files';

describe('the scorer stage', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness('scorer-stage');
  });
  afterAll(() => harness?.close());

  it('trains on weakened-prompt negatives, filters every root, and accounts for every candidate', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 12, { chinese: true });
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 9 });
    const run = await readRun(summary.runDirectory);

    expect(summary.filter).toBeDefined();
    const filter = summary.filter!;
    expect(filter.kept + filter.duplicates + filter.overQuota).toBe(summary.candidates);
    expect(filter.heldOutAccuracy).toBeGreaterThan(0.9);

    const weak = harness.standin.calls().filter((call) => call.kind === 'cst-weak');
    const perVariant = Math.min(500, Math.floor(summary.candidates / 3));
    expect(filter.triples).toBe(perVariant * 3);
    expect(weak.filter((call) => call.outcome === 'ok')).toHaveLength(perVariant * 3);

    const kept = await readJsonl<{ rootId: string; rank: number; score: number; question: string }>(join(summary.runDirectory, 'filtered.jsonl'));
    const rejected = await readJsonl<{ reason: string; duplicateOf?: string }>(join(summary.runDirectory, 'rejected.jsonl'));
    expect(kept).toHaveLength(filter.kept);
    expect(rejected).toHaveLength(filter.duplicates + filter.overQuota);
    expect(rejected.filter((r) => r.reason === 'duplicate').every((r) => typeof r.duplicateOf === 'string')).toBe(true);
    // No root keeps more than its quota, and ranks within a root follow the score.
    for (const root of run.roots) {
      const rows = kept.filter((row) => row.rootId === root.rootId);
      expect(rows.length).toBeLessThanOrEqual(root.quota);
      const byRank = [...rows].sort((a, b) => a.rank - b.rank);
      for (let index = 1; index < byRank.length; index += 1) expect(byRank[index - 1]!.score).toBeGreaterThanOrEqual(byRank[index]!.score);
    }

    const manifest = run.manifest as unknown as { scorer: { lossPerEpoch: { epoch: number; heldOutAccuracy: number }[]; heldOutPairwiseAccuracy: number } };
    expect(manifest.scorer.lossPerEpoch.map((epoch) => epoch.epoch)).toEqual([1, 2, 3, 4]);
    const model = JSON.parse(readFileSync(join(summary.runDirectory, 'scorer', 'model.json'), 'utf8')) as { weights: unknown[]; featureSettings: unknown };
    expect(model.weights.length).toBeGreaterThan(10);
    expect(existsSync(join(summary.runDirectory, 'scorer', 'checkpoint.bin'))).toBe(true);
  });

  it('resumes training from the checkpoint of the same data instead of starting over', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'resume'), 4);
    const input = { corpus: { paths: [corpus] }, runName: `${harness.name}-resume`, seed: 5 };
    const first = await harness.run(input, `${harness.name}-resume-1`);
    const second = await harness.run(input, `${harness.name}-resume-2`);
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
