/**
 * The pure logic of self-improvement (SPEC stage 3), after the authors' one DSPy BootstrapFewShot
 * pass: each human example is answered with itself left out of the demonstrations; the passing
 * traces (judged yes) become demonstrations, topped up with raw examples to the configured count.
 * With more than one candidate set (ours), each set processes the examples in its own seeded order
 * and the set with the best judged accuracy on its held-out examples wins.
 *
 * Every choice is seeded, so a replayed or resumed workflow makes the same choices.
 */
import { seededRandom, shuffled } from '../scorer/random';
import type { ExampleTriplet } from './examples';
import type { Demonstration } from './prompt';

/** A demonstration and where it came from: `exampleIndex` is the example's line in the examples list. */
export interface ChosenDemonstration extends Demonstration {
  source: 'trace' | 'raw';
  exampleIndex: number;
}

/** A run of the answer program on example `exampleIndex` that the judge said yes to. */
export interface PassingTrace {
  exampleIndex: number;
  context: string;
  question: string;
  /** The model's answer (not the reference answer): a trace shows what the model did. */
  answer: string;
  reasoning: string;
}

/** @default 3 (the authors' number of demonstrations) */
export const DEFAULT_DEMONSTRATIONS = 3;

/** Two numbers into one 32-bit seed (a murmur3-style finaliser), so seeds 1 and 2 give unrelated streams. */
export function mixSeed(seed: number, salt: number): number {
  let hash = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((salt >>> 0) + 0x7f4a7c15, 0x85ebca6b);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`demonstration count must be a whole number >= 0, got ${count}`);
}

/**
 * Raw demonstrations for answering example `index`: `count` other examples in a seeded order
 * (depending on the seed and on `index`), never example `index` itself.
 */
export function leaveOneOutDemos(examples: readonly ExampleTriplet[], index: number, count: number, seed: number): ChosenDemonstration[] {
  if (!Number.isInteger(index) || index < 0 || index >= examples.length) throw new RangeError(`example index ${index} is outside 0..${examples.length - 1}`);
  checkCount(count);
  const others = examples.map((_, position) => position).filter((position) => position !== index);
  return shuffled(others, seededRandom(mixSeed(seed, index)))
    .slice(0, count)
    .map((position) => ({ ...examples[position]!, source: 'raw', exampleIndex: position }));
}

/**
 * The demonstrations of a candidate set: the first `count` passing traces (with their reasoning), then
 * raw examples not already used as a trace, in `order` (default: file order), up to `count` in all.
 */
export function assembleDemonstrations(
  passingTraces: readonly PassingTrace[],
  rawExamples: readonly ExampleTriplet[],
  count: number = DEFAULT_DEMONSTRATIONS,
  order?: readonly number[],
): ChosenDemonstration[] {
  checkCount(count);
  const chosen: ChosenDemonstration[] = [];
  const used = new Set<number>();
  for (const trace of passingTraces) {
    if (chosen.length >= count) break;
    if (used.has(trace.exampleIndex)) continue;
    used.add(trace.exampleIndex);
    chosen.push({ context: trace.context, question: trace.question, answer: trace.answer, reasoning: trace.reasoning, source: 'trace', exampleIndex: trace.exampleIndex });
  }
  for (const position of order ?? rawExamples.map((_, index) => index)) {
    if (chosen.length >= count) break;
    const example = rawExamples[position];
    if (!example || used.has(position)) continue;
    used.add(position);
    chosen.push({ context: example.context, question: example.question, answer: example.answer, source: 'raw', exampleIndex: position });
  }
  return chosen;
}

/** The examples a demonstration set does not use: those it is evaluated on. */
export function heldOutIndices(exampleCount: number, demonstrations: readonly Pick<ChosenDemonstration, 'exampleIndex'>[]): number[] {
  const used = new Set(demonstrations.map((demonstration) => demonstration.exampleIndex));
  return Array.from({ length: exampleCount }, (_, index) => index).filter((index) => !used.has(index));
}

export interface CandidateSet {
  setIndex: number;
  /** The order in which this set runs the examples (and tops up with raw ones): indices into the examples. */
  order: number[];
}

/** `sets` example orders: set 0 is the original order, each further set a seeded shuffle of it. */
export function candidateDemoSets(examples: readonly ExampleTriplet[], sets: number, seed: number): CandidateSet[] {
  if (!Number.isInteger(sets) || sets < 1) throw new RangeError(`candidate sets must be a whole number >= 1, got ${sets}`);
  const identity = examples.map((_, index) => index);
  return Array.from({ length: sets }, (_, setIndex) => ({
    setIndex,
    order: setIndex === 0 ? [...identity] : shuffled(identity, seededRandom(mixSeed(seed, 0x10000 + setIndex))),
  }));
}

export interface CandidateResult {
  setIndex: number;
  /** Held-out examples judged yes. */
  passed: number;
  /** Held-out examples judged (a judge reply that stayed unusable counts as judged and failed). */
  judged: number;
}

export function judgedAccuracy(passed: number, judged: number): number {
  return judged > 0 ? passed / judged : 0;
}

/** The set with the best judged accuracy; ties go to the lowest set index. Undefined when there is none. */
export function pickBestSet(results: readonly CandidateResult[]): { setIndex: number; accuracy: number } | undefined {
  let best: { setIndex: number; accuracy: number } | undefined;
  for (const result of results) {
    const accuracy = judgedAccuracy(result.passed, result.judged);
    if (!best || accuracy > best.accuracy || (accuracy === best.accuracy && result.setIndex < best.setIndex)) best = { setIndex: result.setIndex, accuracy };
  }
  return best;
}
