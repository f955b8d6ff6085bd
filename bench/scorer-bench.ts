/**
 * Benchmarks of the scorer and ROUGE-L filter domain code (issue 3's building blocks): training time
 * for 1,500 triples, scoring throughput over 100,000 candidates, and filter time for 10k to 100k
 * candidates grouped by root (quadratic within a root, linear in the number of roots).
 * Questions come from the stand-in's CST responder (deterministic text manipulation, not a model).
 */
import { buildCstMessages } from '../src/domain/cst/prompt';
import { defaultCstExamples } from '../src/domain/cst/examples';
import { filterRoot } from '../src/domain/filter/rouge-filter';
import { DEFAULT_FEATURE_SETTINGS, featureDimension, featurize } from '../src/domain/scorer/features';
import { DEFAULT_TRAINING_SETTINGS, initialState, score, splitTriples, train } from '../src/domain/scorer/train';
import { answerCstPrompt } from '../src/standin/cst-responder';

export interface ScorerBenchResult {
  triples: number;
  featurizeTriplesSeconds: number;
  trainSeconds: number;
  heldOutAccuracy: number;
  scoredCandidates: number;
  scoresPerSecond: number;
  filter: { candidates: number; roots: number; seconds: number; microsecondsPerCandidate: number }[];
}

const TOPICS = ['ferry', 'library', 'printer', 'garden', 'heat pump', 'bike share', 'coffee machine', 'release train'];

function context(index: number): string {
  const topic = TOPICS[index % TOPICS.length]!;
  return `The ${topic} team reviewed item ${index} on day ${index % 31}. They agreed that the ${topic} needs a check every ${(index % 9) + 2} weeks, and that the results go into the shared log before noon.`;
}

function question(contextText: string, seed: number, weak: boolean): string {
  const messages = weak
    ? buildCstMessages({ context: contextText, language: 'en', format: 'json', instruction: 'terse', examples: defaultCstExamples('en').slice(0, 1) })
    : buildCstMessages({ context: contextText, language: 'en', format: 'json' });
  return answerCstPrompt(messages, seed)!.question;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export function runScorerBench(): ScorerBenchResult {
  const triplesCount = 1500;
  let start = process.hrtime.bigint();
  const triples = Array.from({ length: triplesCount }, (_, index) => {
    const text = context(index);
    return { positive: featurize(text, question(text, index, false)), negative: featurize(text, question(text, index + 3, true)) };
  });
  const featurizeTriplesSeconds = seconds(start);
  start = process.hrtime.bigint();
  const state = initialState(featureDimension(DEFAULT_FEATURE_SETTINGS));
  const history = train(splitTriples(triples, DEFAULT_TRAINING_SETTINGS), state, DEFAULT_TRAINING_SETTINGS);
  const trainSeconds = seconds(start);

  const scoredCandidates = 100_000;
  start = process.hrtime.bigint();
  let checksum = 0;
  for (let index = 0; index < scoredCandidates; index += 1) {
    const text = context(index % 2000);
    checksum += score(state.weights, featurize(text, `What does item ${index} say about the ${TOPICS[index % TOPICS.length]} check?`));
  }
  const scoringSeconds = seconds(start);
  if (!Number.isFinite(checksum)) throw new Error('scores are not finite');

  const filter = [10_000, 30_000, 100_000].map((candidates) => {
    const perRoot = 25;
    const roots = candidates / perRoot;
    const groups = Array.from({ length: roots }, (_, root) =>
      Array.from({ length: perRoot }, (_, index) => ({
        id: `${root}-${index}`,
        question: `How does the ${TOPICS[(root + index) % TOPICS.length]} team handle item ${index % 12} on day ${(root * 7 + index) % 31}?`,
        score: ((root * 31 + index * 17) % 1000) / 1000,
      })),
    );
    const begin = process.hrtime.bigint();
    for (const group of groups) filterRoot(group, 14);
    const elapsed = seconds(begin);
    return { candidates, roots, seconds: round(elapsed), microsecondsPerCandidate: round((elapsed * 1e6) / candidates, 1) };
  });

  return {
    triples: triplesCount,
    featurizeTriplesSeconds: round(featurizeTriplesSeconds),
    trainSeconds: round(trainSeconds),
    heldOutAccuracy: round(history.at(-1)?.heldOutAccuracy ?? 0),
    scoredCandidates,
    scoresPerSecond: Math.round(scoredCandidates / scoringSeconds),
    filter,
  };
}
