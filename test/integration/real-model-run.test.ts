/**
 * The whole pipeline on a real instruction model: SmolLM2-135M-Instruct in process (installed by
 * scripts/setup.sh), a two-root corpus, real Temporal. The model is tiny and its output imperfect
 * (bad JSON, statements for questions, invented splits): the test asserts the bookkeeping that must
 * hold whatever it writes, never the quality of its questions.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QualityReportSchema } from '../../src/domain/quality';
import { createLlamaProvider } from '../../src/llm/llama-provider';
import { requireSmollm2, SMOLLM2_NAME } from '../../src/llm/smollm2';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readJsonl, readRun } from '../helpers/run-files';

const DOCUMENTS = {
  'library.txt':
    'The town library moved into the old railway station in 2019. The waiting hall became a reading room with 40 seats, and the ticket office now lends laptops. ' +
    'Opening hours are 9 to 18 on weekdays and 10 to 14 on Saturdays. Members may borrow up to 12 books for three weeks.',
  'garden.txt':
    'The community garden has 30 plots that neighbours rent for one season. Each plot gets water from a shared tank that volunteers fill on Mondays. ' +
    'Tools are kept in a green shed behind the gate, and the code for its lock changes every spring.',
};

describe('a run on SmolLM2-135M-Instruct in process', () => {
  let harness: Harness;
  beforeAll(async () => {
    const modelPath = requireSmollm2();
    harness = await createHarness('real-model', {
      maxInFlight: 2,
      provider: { model: SMOLLM2_NAME, create: () => createLlamaProvider({ modelPath, threads: 2, sequences: 2 }) },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('accounts for every node and measures the quality of what it kept', async () => {
    const corpus = join(harness.dataDir, 'corpus');
    await mkdir(corpus, { recursive: true });
    for (const [name, text] of Object.entries(DOCUMENTS)) await writeFile(join(corpus, name), text);
    const summary = await harness.run({
      corpus: { paths: [corpus] },
      seed: 7,
      // Short replies keep it to minutes on 2 cores: a CST object fits in 300 tokens.
      cst: { maxPasses: 1, maxTokens: 300 },
      scorer: { triplesPerType: 2 },
      answers: { maxAnswerTokens: 160 },
    });
    const run = await readRun(summary.runDirectory);
    expect(summary.roots).toBe(2);

    // Every node the trees reached is a candidate or a recorded drop with its reason.
    const manifest = run.manifest as unknown as {
      counts: { nodes: number; candidates: number; drops: number; dropsByReason: Record<string, number>; leavesByReason: Record<string, number> };
      scorer: { filter: { kept: number; duplicates: number; overQuota: number } };
      guards: Record<string, number>;
      quality: unknown;
      llm: { modelsSeen: string[] };
    };
    expect(manifest.counts.nodes).toBe(run.candidates.length + run.drops.length);
    for (const drop of run.drops as { reason: string; detail: string }[]) {
      expect(drop.reason.length).toBeGreaterThan(0);
      expect(drop.detail.length).toBeGreaterThan(0);
    }
    expect(Object.values(manifest.counts.dropsByReason).reduce((a, b) => a + b, 0)).toBe(run.drops.length);
    expect(manifest.llm.modelsSeen).toEqual(['SmolLM2-135M-Instruct.Q4_1.gguf']);

    // Every candidate is kept, a duplicate or over quota.
    const { kept, duplicates, overQuota } = manifest.scorer.filter;
    expect(kept + duplicates + overQuota).toBe(run.candidates.length);
    const filtered = await readJsonl(join(summary.runDirectory, 'filtered.jsonl'));
    const rejected = await readJsonl(join(summary.runDirectory, 'rejected.jsonl'));
    expect(filtered).toHaveLength(kept);
    expect(rejected).toHaveLength(duplicates + overQuota);

    // The guards' counts agree with the drops and leaves they come from.
    expect(manifest.guards.notAQuestion).toBe(manifest.counts.dropsByReason['not-a-question'] ?? 0);
    expect(manifest.guards.inventedContent).toBe(manifest.counts.leavesByReason['invented-content'] ?? 0);
    expect(manifest.guards.groundingGuard).toBe(manifest.counts.leavesByReason['grounding-guard'] ?? 0);

    // The quality block is present, on the kept pairs, with every number in its range.
    const quality = QualityReportSchema.parse(manifest.quality);
    expect(quality.pairs).toBe(kept);
    const shares = [
      quality.questionGrounding.meanNode,
      quality.questionGrounding.meanRoot,
      quality.answerGrounding.meanShare,
      quality.answerGrounding.meanLongestSpanShare,
      quality.copiedQuestions.share,
      quality.nearDuplicates.meanMaxRougeL,
      quality.nearDuplicates.maxRougeL,
      quality.diversity.distinct1,
      quality.diversity.distinct2,
      quality.granularity.depthEntropy,
      quality.granularity.lengthEntropy,
      quality.languageMatch.share,
    ];
    for (const share of shares) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    expect(quality.forms.wh + quality.forms.yesNo + quality.forms.otherQuestion + quality.forms.notQuestion).toBe(kept);
    expect(Object.values(quality.granularity.byDepth).reduce((a, b) => a + b, 0)).toBe(kept);
    expect(quality.answerGrounding.answered).toBe(summary.answers!.answered);
    expect(quality.diversity.mtld).toBeGreaterThanOrEqual(0);
  });
});
