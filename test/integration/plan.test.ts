/** `augcon plan` against what a run on the sample corpus actually asks of the LLM. */
import { join } from 'node:path';
import { planRun } from '../../src/cli/commands/plan-command';
import { packageRoot } from '../../src/client/package-root';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { cli } from '../helpers/cli';

describe('augcon plan', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness('plan');
  });
  afterAll(() => harness?.close());

  it('estimates the LLM calls of a run on the sample corpus and the prompt tokens a provider can cache, within 15%', async () => {
    const corpus = join(packageRoot(), 'samples', 'corpus');
    const plan = await planRun([corpus], {});
    const summary = await harness.run({ corpus: { paths: [corpus] } });
    const calls = harness.standin.calls().filter((call) => call.outcome === 'ok');
    const byKind = (kinds: string[]) => calls.filter((call) => kinds.includes(call.kind)).length;
    const actual = { cst: byKind(['cst']), negatives: byKind(['cst-weak']), answers: summary.answers!.questions, total: calls.length };
    const within = (estimate: number, measured: number) => Math.abs(estimate - measured) / measured;
    console.log(`plan: estimated ${plan.total.calls} calls (CST ${plan.cst.calls}, negatives ${plan.negatives.calls}, answers ${plan.answers.calls}); made ${JSON.stringify(actual)}`);
    expect(plan.roots).toBe(summary.roots);
    expect(within(plan.total.calls, actual.total)).toBeLessThanOrEqual(0.15);
    expect(within(plan.cst.calls, actual.cst)).toBeLessThanOrEqual(0.15);
    expect(within(plan.negatives.calls, actual.negatives)).toBeLessThanOrEqual(0.15);
    expect(within(plan.answers.calls, actual.answers)).toBeLessThanOrEqual(0.15);

    // Prompt caching: the stand-in reports a repeated prefix as cached prompt tokens, as providers do.
    const tokens = (kind: string, key: 'promptTokens' | 'cachedPromptTokens') => calls.filter((call) => call.kind === kind).reduce((sum, call) => sum + call[key], 0);
    const cstShare = tokens('cst', 'cachedPromptTokens') / tokens('cst', 'promptTokens');
    console.log(`plan: CST shared prefix ${plan.cst.sharedPrefixTokens} of ${plan.cst.promptTokens} tokens estimated; the stand-in reported ${tokens('cst', 'cachedPromptTokens')} cached of ${tokens('cst', 'promptTokens')}`);
    expect(cstShare).toBeGreaterThanOrEqual(0.7);
    expect(within(plan.cstPrefix.share, cstShare)).toBeLessThanOrEqual(0.15);
    expect(within(plan.cst.sharedPrefixTokens, tokens('cst', 'cachedPromptTokens'))).toBeLessThanOrEqual(0.15);
    expect(within(plan.answers.sharedPrefixTokens, tokens('answer', 'cachedPromptTokens'))).toBeLessThanOrEqual(0.15);
  });

  it('prints the estimate with its cost at the given prices, and rejects a corpus with no text', async () => {
    const printed = await cli(['plan', join(packageRoot(), 'samples', 'corpus'), '--input-price', '0.15', '--output-price', '0.6', '--cached-input-price', '0.075']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^Plan: 13 root contexts/);
    expect(printed.stdout).toMatch(/CST prompts: \d+% of their tokens are a prefix every call shares \(\d+ tokens a call\)/);
    expect(printed.stdout).toMatch(/cost: about \$\d+\.\d\d \(shared-prefix tokens at the cached-input price\)/);
    const empty = await cli(['plan', '/nonexistent/augcon-plan']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no root context to plan for/);
  });
});
