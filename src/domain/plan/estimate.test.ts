import { buildCstMessages } from '../cst/prompt';
import { RunInputSchema } from '../run-input';
import { approximateTokens } from '../text/tokens';
import { cstNodeLengths, estimatePlan } from './estimate';

const settings = (input: object = {}) => RunInputSchema.parse({ corpus: { paths: ['x'] }, ...input });

describe('cstNodeLengths', () => {
  it('halves a context down to minChars: 1 + 2 + 4 nodes for a root of 8 minimum lengths', () => {
    expect(cstNodeLengths(160, 20, 12)).toEqual([160, 80, 40, 40, 80, 40, 40]);
    expect(cstNodeLengths(20, 20, 12)).toEqual([]);
  });

  it('stops at the depth cap', () => {
    // Depths 0 and 1 only (the cap is 1): the root and its two halves.
    expect(cstNodeLengths(1000, 1, 1)).toEqual([1000, 500, 500]);
  });
});

describe('estimatePlan', () => {
  const root = { chars: 1400, lengthScale: 3, script: 'latin' as const };

  it('counts CST calls, a third of first-pass candidates per weakened prompt, self-improvement and answers', () => {
    const plan = estimatePlan([root, root], settings());
    // 1400 chars at minChars 60: 1400, 700, 350, 175, 87.5 are above it: 31 nodes a root.
    expect(plan.cst.firstPassCalls).toBe(62);
    expect(plan.quota).toBe(2 * Math.floor(1400 / 105));
    expect(plan.cst.calls).toBe(62);
    expect(plan.negatives.calls).toBe(3 * Math.floor(62 / 3));
    // Self-improvement: an answer and a judge call (2) per built-in example (6) and candidate set (1,
    // the default, so no held-out evaluation), in the first round only.
    expect(plan.selfImprovement.calls).toBe(2 * 6 * 1);
    expect(plan.answers.calls).toBe(plan.quota);
    expect(plan.total.calls).toBe(plan.cst.calls + plan.negatives.calls + plan.selfImprovement.calls + plan.answers.calls);
    expect(plan.total.costUsd).toBeUndefined();
  });

  it('adds passes for roots whose kept questions stay under quota, up to maxPasses', () => {
    const plan = estimatePlan([root], settings({ cst: { charsPerPair: 10, maxPasses: 3 } }));
    // quota floor(1400 / 30) = 46; 31 nodes less 10% duplicates keep 27.9 a pass: two passes.
    expect(plan.cst.rootsRepassed).toBe(1);
    expect(plan.cst.calls).toBe(62);
    expect(plan.answers.keptQuestions).toBe(46);
  });

  it('adds the held-out evaluation of several candidate sets to self-improvement', () => {
    const plan = estimatePlan([root], settings({ answers: { candidateSets: 3, demonstrations: 2 } }), { examples: 8 });
    // 8 examples bootstrapped in each of 3 sets (24 runs), then each set judged on the 8 - 2 examples
    // that are not its demonstrations (18 runs): an answer and a judge call per run.
    expect(plan.selfImprovement.calls).toBe(2 * (8 * 3 + 3 * (8 - 2)));
  });

  it('doubles answer calls with the critique, drops the scorer and answer stages when off, and prices tokens', () => {
    // The quota, floor(1400 / 105) = 13, is below the 31 nodes less 10% duplicates: 13 answers, each critiqued.
    expect(estimatePlan([root], settings({ answers: { critique: true } })).answers.calls).toBe(2 * 13);
    // Only the CST calls remain: 31 nodes a root, one pass (31 candidates meet the quota of 13).
    const off = estimatePlan([root], settings({ scorer: { enabled: false }, answers: { enabled: false } }));
    expect(off.total.calls).toBe(31);
    const priced = estimatePlan([root], settings(), { prices: { inputPerMillion: 1, outputPerMillion: 2 } });
    expect(priced.total.costUsd).toBeCloseTo((priced.total.promptTokens + 2 * priced.total.completionTokens) / 1e6, 2);
  });

  it('counts the prompt tokens in the prefix every call of a stage shares, and prices them at the cached-input price', () => {
    const plan = estimatePlan([root], settings());
    // The CST prompt's static prefix is its system message (instruction, format, examples); the context comes after it.
    const system = buildCstMessages({ context: 'x', language: 'en', format: 'json' })[0]!;
    expect(system.role).toBe('system');
    expect(plan.cstPrefix.tokensPerCall).toBe(approximateTokens(system.content));
    expect(plan.cst.sharedPrefixTokens).toBe(plan.cst.calls * plan.cstPrefix.tokensPerCall);
    expect(plan.cstPrefix.share).toBeCloseTo(plan.cst.sharedPrefixTokens / plan.cst.promptTokens, 3);
    expect(plan.cstPrefix.share).toBeGreaterThanOrEqual(0.7);
    expect(plan.answers.sharedPrefixTokens).toBeGreaterThan(0);
    expect(plan.answers.sharedPrefixTokens).toBeLessThan(plan.answers.promptTokens);
    expect(plan.total.sharedPrefixTokens).toBe(plan.cst.sharedPrefixTokens + plan.negatives.sharedPrefixTokens + plan.answers.sharedPrefixTokens);

    // A price large enough that the cost, rounded to cents, tells the two apart.
    const prices = { inputPerMillion: 10_000, outputPerMillion: 0 };
    const full = estimatePlan([root], settings(), { prices }).total.costUsd!;
    const cached = estimatePlan([root], settings(), { prices: { ...prices, cachedInputPerMillion: 5_000 } }).total.costUsd!;
    expect(full).toBeCloseTo(plan.total.promptTokens / 100, 2);
    expect(cached).toBeCloseTo((plan.total.promptTokens - plan.total.sharedPrefixTokens / 2) / 100, 2);
    expect(cached).toBeLessThan(full);
  });

  it('prices a run in batch mode at the Batch API discount, half price unless told otherwise', () => {
    const prices = { inputPerMillion: 10_000, outputPerMillion: 20_000 };
    const direct = estimatePlan([root], settings(), { prices }).total;
    const batched = estimatePlan([root], settings({ llm: { mode: 'batch' } }), { prices }).total;
    expect(direct.batchDiscount).toBeUndefined();
    expect(batched.batchDiscount).toBe(0.5);
    expect(batched.costUsd).toBeCloseTo(direct.costUsd! / 2, 1);
    expect(estimatePlan([root], settings({ llm: { mode: 'batch' } }), { prices: { ...prices, batchDiscount: 0.25 } }).total.costUsd).toBeCloseTo(direct.costUsd! * 0.75, 1);
    // The calls and tokens are those of a direct run: a batch carries the same requests.
    expect({ ...batched, costUsd: 0, batchDiscount: 0 }).toEqual({ ...direct, costUsd: 0, batchDiscount: 0 });
  });
});
