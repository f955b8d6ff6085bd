import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerCstPrompt } from '../../standin/cst-responder';
import { buildCstMessages } from '../cst/prompt';
import { defaultCstExamples } from '../cst/examples';
import { buildRootContexts } from '../text/roots';
import { DEFAULT_FEATURE_SETTINGS, featureDimension, featurize } from './features';
import { DEFAULT_TRAINING_SETTINGS, evaluate, initialState, splitTriples, train, type FeaturizedTriple } from './train';

/** Contexts from the sample corpus, and for each a stand-in question from the full prompt and one from a weakened prompt. */
function standinTriples(): FeaturizedTriple[] {
  const directory = join(__dirname, '..', '..', '..', 'samples', 'corpus');
  const contexts = readdirSync(directory)
    .filter((file) => /\.(md|txt)$/.test(file))
    .flatMap((file) => buildRootContexts(readFileSync(join(directory, file), 'utf8'), { rootMaxChars: 60, minParagraphChars: 0, latinScale: 3 }).roots)
    .map((root) => root.text);
  const variants = [
    { instruction: 'terse' as const, examples: undefined },
    { instruction: 'full' as const, examples: defaultCstExamples('en').slice(0, 1) },
    { instruction: 'terse' as const, examples: defaultCstExamples('en').slice(0, 1) },
  ];
  return contexts.flatMap((context, index) => {
    const language = /[\u4e00-\u9fff]/.test(context) ? 'zh' : 'en';
    const variant = variants[index % 3]!;
    const positive = answerCstPrompt(buildCstMessages({ context, language, format: 'json' }), index);
    const negative = answerCstPrompt(buildCstMessages({ context, language, format: 'json', instruction: variant.instruction, examples: variant.examples }), index + 7);
    if (!positive || !negative) return [];
    const locale = language;
    return [{ positive: featurize(context, positive.question, DEFAULT_FEATURE_SETTINGS, locale), negative: featurize(context, negative.question, DEFAULT_FEATURE_SETTINGS, locale) }];
  });
}

describe('the contrastive scorer', () => {
  const triples = standinTriples();

  it('separates full-prompt questions from weakened-prompt questions on held-out triples', () => {
    expect(triples.length).toBeGreaterThan(40);
    const split = splitTriples(triples, DEFAULT_TRAINING_SETTINGS);
    const state = initialState(featureDimension(DEFAULT_FEATURE_SETTINGS));
    const before = evaluate(state.weights, split.heldOut, 'paper');
    const history = train(split, state, DEFAULT_TRAINING_SETTINGS);
    expect(history.map((metrics) => metrics.epoch)).toEqual([1, 2, 3, 4]);
    expect(history.at(-1)!.heldOutAccuracy).toBeGreaterThan(0.9);
    expect(history.at(-1)!.heldOutLoss).toBeLessThan(before.loss);
    expect(history.at(-1)!.trainLoss).toBeLessThan(history[0]!.trainLoss);
  });

  it('is reproducible, and resuming from a checkpoint gives the same weights as an uninterrupted run', () => {
    const split = splitTriples(triples, DEFAULT_TRAINING_SETTINGS);
    const dimension = featureDimension(DEFAULT_FEATURE_SETTINGS);
    const whole = initialState(dimension);
    train(split, whole, DEFAULT_TRAINING_SETTINGS);

    const resumed = initialState(dimension);
    train(split, resumed, { ...DEFAULT_TRAINING_SETTINGS, epochs: 2 });
    expect(resumed.epochsDone).toBe(2);
    const rest = train(split, resumed, DEFAULT_TRAINING_SETTINGS);
    expect(rest.map((metrics) => metrics.epoch)).toEqual([3, 4]);
    expect(Array.from(resumed.weights)).toEqual(Array.from(whole.weights));
  });

  it("also trains with the authors' loss", () => {
    const split = splitTriples(triples, DEFAULT_TRAINING_SETTINGS);
    const history = train(split, initialState(featureDimension(DEFAULT_FEATURE_SETTINGS)), { ...DEFAULT_TRAINING_SETTINGS, loss: 'authors' });
    expect(history.at(-1)!.heldOutAccuracy).toBeGreaterThan(0.8);
  });
});
