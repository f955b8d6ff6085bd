/**
 * The contrastive scorer (SPEC stage 2): Sc(C, q) = sigmoid(w · x(C, q)) over sparse features,
 * trained on triples (C, q+, q-) so that questions from the full CST prompt beat questions from
 * weakened prompts. Plain TypeScript: no library trains sparse linear models with a custom pairwise
 * loss in Node without native code (docs/decisions/0004).
 *
 * Loss 'paper':   L = -mean log sigmoid(Sc(C,q+) - Sc(C,q-))
 * Loss 'authors': L = -mean Sc(C,q+) + mean Sc(C,q-)        (the authors' released code)
 * Optimizer: Adam with decoupled weight decay, seeded shuffles, 10% of triples held out.
 */
import { seededRandom, shuffled } from './random';
import type { SparseVector } from './features';

export type ScorerLoss = 'paper' | 'authors';

export interface TrainingSettings {
  /** @default 4 */
  epochs: number;
  /** @default 4 */
  batchSize: number;
  /** @default 0.05 */
  learningRate: number;
  /** @default 0.01 */
  weightDecay: number;
  /** Share of triples held out for the pairwise accuracy. @default 0.1 */
  holdOut: number;
  /** @default "paper" */
  loss: ScorerLoss;
  /** @default 1 */
  seed: number;
}

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = { epochs: 4, batchSize: 4, learningRate: 0.05, weightDecay: 0.01, holdOut: 0.1, loss: 'paper', seed: 1 };

export interface FeaturizedTriple {
  positive: SparseVector;
  negative: SparseVector;
}

/** Everything training needs to resume: written as a checkpoint after every epoch. */
export interface ScorerState {
  weights: Float64Array;
  firstMoment: Float64Array;
  secondMoment: Float64Array;
  step: number;
  epochsDone: number;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  heldOutLoss: number;
  heldOutAccuracy: number;
}

export function initialState(dimension: number): ScorerState {
  return { weights: new Float64Array(dimension), firstMoment: new Float64Array(dimension), secondMoment: new Float64Array(dimension), step: 0, epochsDone: 0 };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function logit(weights: Float64Array, x: SparseVector): number {
  let sum = 0;
  for (let index = 0; index < x.indices.length; index += 1) sum += weights[x.indices[index]!]! * x.values[index]!;
  return sum;
}

export function score(weights: Float64Array, x: SparseVector): number {
  return sigmoid(logit(weights, x));
}

/** Loss of one triple and its derivatives with respect to the two logits. */
function tripleLoss(loss: ScorerLoss, positive: number, negative: number): { value: number; dPositive: number; dNegative: number } {
  const sPositive = sigmoid(positive);
  const sNegative = sigmoid(negative);
  if (loss === 'authors') {
    return { value: -sPositive + sNegative, dPositive: -sPositive * (1 - sPositive), dNegative: sNegative * (1 - sNegative) };
  }
  const margin = sigmoid(sPositive - sNegative);
  return {
    value: -Math.log(Math.max(margin, 1e-12)),
    dPositive: -(1 - margin) * sPositive * (1 - sPositive),
    dNegative: (1 - margin) * sNegative * (1 - sNegative),
  };
}

export function evaluate(weights: Float64Array, triples: readonly FeaturizedTriple[], loss: ScorerLoss): { loss: number; accuracy: number } {
  if (triples.length === 0) return { loss: 0, accuracy: 0 };
  let total = 0;
  let correct = 0;
  for (const triple of triples) {
    const positive = logit(weights, triple.positive);
    const negative = logit(weights, triple.negative);
    total += tripleLoss(loss, positive, negative).value;
    if (positive > negative) correct += 1;
  }
  return { loss: total / triples.length, accuracy: correct / triples.length };
}

/** The seeded train / held-out split (the same for every resume). */
export function splitTriples<T>(triples: readonly T[], settings: Pick<TrainingSettings, 'holdOut' | 'seed'>): { train: T[]; heldOut: T[] } {
  const order = shuffled(triples, seededRandom(settings.seed));
  const heldOutCount = triples.length >= 10 ? Math.max(1, Math.round(triples.length * settings.holdOut)) : 0;
  return { heldOut: order.slice(0, heldOutCount), train: order.slice(heldOutCount) };
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/**
 * Runs the epochs after `state.epochsDone` (so a resumed training continues where its checkpoint
 * stopped), calling `onEpoch` with the metrics and the state after each one.
 */
export function train(
  triples: { train: readonly FeaturizedTriple[]; heldOut: readonly FeaturizedTriple[] },
  state: ScorerState,
  settings: TrainingSettings,
  onEpoch?: (metrics: EpochMetrics, state: ScorerState) => void,
): EpochMetrics[] {
  const history: EpochMetrics[] = [];
  const { weights, firstMoment, secondMoment } = state;
  for (let epoch = state.epochsDone + 1; epoch <= settings.epochs; epoch += 1) {
    const order = shuffled(triples.train, seededRandom(settings.seed * 1000 + epoch));
    let trainLoss = 0;
    for (let start = 0; start < order.length; start += settings.batchSize) {
      const batch = order.slice(start, start + settings.batchSize);
      const gradient = new Map<number, number>();
      for (const triple of batch) {
        const { value, dPositive, dNegative } = tripleLoss(settings.loss, logit(weights, triple.positive), logit(weights, triple.negative));
        trainLoss += value;
        for (const [x, d] of [
          [triple.positive, dPositive],
          [triple.negative, dNegative],
        ] as const) {
          for (let index = 0; index < x.indices.length; index += 1) {
            const feature = x.indices[index]!;
            gradient.set(feature, (gradient.get(feature) ?? 0) + (d * x.values[index]!) / batch.length);
          }
        }
      }
      // Lazy Adam: only the features present in the batch move (sparse updates), with decoupled weight decay.
      state.step += 1;
      const correction1 = 1 - BETA1 ** state.step;
      const correction2 = 1 - BETA2 ** state.step;
      for (const [feature, g] of gradient) {
        firstMoment[feature] = BETA1 * firstMoment[feature]! + (1 - BETA1) * g;
        secondMoment[feature] = BETA2 * secondMoment[feature]! + (1 - BETA2) * g * g;
        const update = firstMoment[feature] / correction1 / (Math.sqrt(secondMoment[feature] / correction2) + EPSILON);
        weights[feature] = weights[feature]! * (1 - settings.learningRate * settings.weightDecay) - settings.learningRate * update;
      }
    }
    state.epochsDone = epoch;
    const heldOut = evaluate(weights, triples.heldOut, settings.loss);
    const metrics = { epoch, trainLoss: order.length ? trainLoss / order.length : 0, heldOutLoss: heldOut.loss, heldOutAccuracy: heldOut.accuracy };
    history.push(metrics);
    onEpoch?.(metrics, state);
  }
  return history;
}
