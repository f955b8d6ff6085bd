/**
 * SPEC stage 2 as activities: plan the contrastive triples, ask the weakened prompts for negatives,
 * train the scorer (checkpointed every epoch, so a retried attempt resumes where the dead one
 * stopped), then score and filter each root's candidates.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { canonicalJson } from '../domain/canonical-json';
import { defaultCstExamples } from '../domain/cst/examples';
import { parseCstReply } from '../domain/cst/parse';
import { countFilterMarks, rootQuota } from '../domain/quota';
import { sampleSeed } from '../domain/cst/seed';
import { filterRoot } from '../domain/filter/rouge-filter';
import type { RunSettings } from '../domain/run-input';
import { DEFAULT_FEATURE_SETTINGS, featureDimension, featurize, scorerText, type FeatureSettings } from '../domain/scorer/features';
import { zeroUsage, type TokenUsage } from '../domain/tokens';
import { replyUsage, type ChatProvider, type ChatResponse } from '../llm/provider';
import { toApplicationFailure } from './llm-failure';
import { seededRandom, shuffled } from '../domain/scorer/random';
import { CheckpointHeaderSchema, ScorerModelSchema, type CheckpointHeader, type ScorerModel } from '../domain/scorer/stored-model';
import { initialState, score, splitTriples, train, type EpochMetrics, type ScorerState, type TrainingSettings } from '../domain/scorer/train';
import type { NegativeVariant, RunStore, TripleRow } from '../store/run-store';
import { languageOf, type SampleInput } from './cst-activities';
import { runDirectory, writeJsonAtomically } from './run-directory';
import { parseStoredArtifactText, requireStoredArtifact } from './stored-artifact';

export interface ScorerActivityDeps {
  store: RunStore;
  dataDir: string;
  /** Its embeddings API gives the scorer's features when an embedding model is configured. */
  provider: Pick<ChatProvider, 'embeddingModel' | 'embed'>;
  sampleWithFallback(input: SampleInput): Promise<ChatResponse>;
}

const EMBEDDING_BATCH = 64;

export const NEGATIVE_VARIANTS: readonly NegativeVariant[] = ['terse-instruction', 'one-example', 'terse-one-example'];

export interface TriplePlan {
  planned: number;
  perVariant: number;
}

export interface ScorerMetrics {
  /** "offline" (hashed n-grams and overlap) or "embeddings:<model>" (those plus the endpoint's embeddings). */
  features: string;
  triples: number;
  negativesFailed: number;
  trainTriples: number;
  heldOutTriples: number;
  heldOutAccuracy: number;
  epochs: EpochMetrics[];
  resumedFromEpoch: number;
  modelFile: string;
  /** The run whose scorer this run reused (a dataset refresh), when it trained none. */
  reusedFrom?: string;
  /** With `reusedFrom`: the triples that run trained it on, when its rows are still in the store. */
  reusedTriples?: number;
}

export interface NegativeResult {
  status: 'ok' | 'failed';
  usage: TokenUsage;
}

export interface FilterPageResult {
  roots: number;
  lastSeq: number;
  kept: number;
  duplicates: number;
  overQuota: number;
}

const trainingSettings = (settings: RunSettings): TrainingSettings => ({
  epochs: settings.scorer.epochs,
  batchSize: settings.scorer.batchSize,
  learningRate: settings.scorer.learningRate,
  weightDecay: settings.scorer.weightDecay,
  loss: settings.scorer.loss,
  holdOut: 0.1,
  seed: settings.seed,
});

const scorerDirectory = (dataDir: string, runName: string) => join(runDirectory(dataDir, runName), 'scorer');

/** Store artifacts of the scorer: the store, not a worker's disk, holds them, so any worker can resume or filter. */
export const SCORER_ARTIFACTS = { model: 'scorer-model', checkpoint: 'scorer-checkpoint' } as const;

/** Checkpoint: a JSON header line, then weights and both Adam moments as float64, base64-encoded. */
function encodeCheckpoint(state: ScorerState, fingerprint: string, history: EpochMetrics[]): string {
  const fields: CheckpointHeader = { epochsDone: state.epochsDone, step: state.step, dimension: state.weights.length, fingerprint, history };
  const body = Buffer.concat([Buffer.from(state.weights.buffer), Buffer.from(state.firstMoment.buffer), Buffer.from(state.secondMoment.buffer)]);
  return `${JSON.stringify(fields)}\n${body.toString('base64')}`;
}

/** The stored checkpoint, undefined when there is none or it is of other data; a damaged one fails naming what is wrong. */
export function decodeCheckpoint(text: string | undefined, dimension: number, fingerprint: string, runName: string): { state: ScorerState; history: EpochMetrics[] } | undefined {
  if (text === undefined) return undefined;
  const what = `the header line of artifact ${SCORER_ARTIFACTS.checkpoint} of run ${runName}`;
  const newline = text.indexOf('\n');
  if (newline < 0) throw ApplicationFailure.nonRetryable(`${what}: no line break after it; expected a JSON header line, then the weights in base64`, 'StoredDataError');
  const header = parseStoredArtifactText(CheckpointHeaderSchema, text.slice(0, newline), what);
  if (header.dimension !== dimension || header.fingerprint !== fingerprint) return undefined;
  const bytes = Buffer.from(text.slice(newline + 1), 'base64');
  if (bytes.length !== 3 * dimension * 8) {
    throw ApplicationFailure.nonRetryable(
      `artifact ${SCORER_ARTIFACTS.checkpoint} of run ${runName}: ${bytes.length} bytes of weights and moments, expected ${3 * dimension * 8} (3 × ${dimension} float64)`,
      'StoredDataError',
    );
  }
  const array = (index: number) => new Float64Array(bytes.buffer.slice(bytes.byteOffset + index * dimension * 8, bytes.byteOffset + (index + 1) * dimension * 8));
  return { state: { weights: array(0), firstMoment: array(1), secondMoment: array(2), step: header.step, epochsDone: header.epochsDone }, history: header.history };
}

export function createScorerActivities(deps: ScorerActivityDeps) {
  const { store } = deps;
  const models = new Map<string, { weights: Float64Array; featureSettings: FeatureSettings }>();

  async function loadModel(runName: string): Promise<{ weights: Float64Array; featureSettings: FeatureSettings }> {
    const cached = models.get(runName);
    if (cached) return cached;
    const model = await requireStoredArtifact(store, ScorerModelSchema, runName, SCORER_ARTIFACTS.model, 'no trained scorer in the store');
    const weights = new Float64Array(featureDimension(model.featureSettings));
    for (const [index, value] of model.weights) weights[index] = value;
    const loaded = { weights, featureSettings: model.featureSettings };
    models.set(runName, loaded);
    return loaded;
  }

  /** Embeddings of scorerText(context, question) for each pair, in batches; undefined without an embedding model. */
  async function embedPairs(pairs: readonly { context: string; question: string }[]): Promise<number[][] | undefined> {
    if (!deps.provider.embeddingModel || !deps.provider.embed) return undefined;
    const vectors: number[][] = [];
    for (let start = 0; start < pairs.length; start += EMBEDDING_BATCH) {
      const texts = pairs.slice(start, start + EMBEDDING_BATCH).map((pair) => scorerText(pair.context, pair.question));
      try {
        vectors.push(...(await deps.provider.embed(texts, Context.current().cancellationSignal)));
      } catch (error) {
        throw toApplicationFailure(error);
      }
      Context.current().heartbeat({ embedded: vectors.length });
    }
    return vectors;
  }

  /** Picks the positives (seeded, each used once) and assigns a third to each weakened prompt. */
  async function planTriples(input: { runName: string; settings: RunSettings }): Promise<TriplePlan> {
    const candidates = await store.listCandidates(input.runName);
    const perVariant = Math.min(input.settings.scorer.triplesPerType, Math.floor(candidates.length / 3));
    const chosen = shuffled(candidates, seededRandom(input.settings.seed)).slice(0, perVariant * NEGATIVE_VARIANTS.length);
    const scripts = new Map<string, TripleRow['script']>();
    const triples: TripleRow[] = [];
    for (const [seq, candidate] of chosen.entries()) {
      if (!scripts.has(candidate.rootId)) scripts.set(candidate.rootId, (await store.getRoot(input.runName, candidate.rootId))?.script ?? 'latin');
      triples.push({
        seq,
        rootId: candidate.rootId,
        pass: candidate.pass,
        path: candidate.path,
        docId: candidate.docId,
        script: scripts.get(candidate.rootId)!,
        variant: NEGATIVE_VARIANTS[Math.floor(seq / Math.max(perVariant, 1))]!,
        context: candidate.context,
        positive: candidate.question,
        status: 'pending',
      });
    }
    await store.replaceTriples(input.runName, triples);
    return { planned: triples.length, perVariant };
  }

  /**
   * One negative: one CST call, without recursion, under a weakened prompt (an LLM activity). Returns
   * the tokens stored with the triple, so an attempt that finds the triple done (an earlier attempt
   * stored it, then its completion was lost) reports the same tokens, counted once by the workflow.
   */
  async function generateNegative(input: { runName: string; seq: number; runSeed: number; cst: RunSettings['cst'] }): Promise<NegativeResult> {
    const triple = await store.getTriple(input.runName, input.seq);
    if (!triple) throw new Error(`triple ${input.seq} of run ${input.runName} is not in the store`);
    if (triple.status !== 'pending') return { status: triple.status, usage: triple.usage ?? zeroUsage() };
    const oneExample = (input.cst.examples ?? defaultCstExamples(languageOf(triple.script))).slice(0, 1);
    const response = await deps.sampleWithFallback({
      runName: input.runName,
      context: triple.context,
      script: triple.script,
      cst: input.cst,
      seed: sampleSeed({ runSeed: input.runSeed, rootId: triple.rootId, pass: triple.pass, path: triple.path, attempt: 0, variant: triple.variant }),
      instruction: triple.variant === 'one-example' ? 'full' : 'terse',
      examples: triple.variant === 'terse-instruction' ? undefined : oneExample,
      heartbeat: { triple: input.seq },
    });
    const parsed = parseCstReply(response.text);
    const outcome = parsed.ok ? { status: 'ok' as const, negative: parsed.value.question } : { status: 'failed' as const, detail: parsed.reason };
    await store.completeTriple(input.runName, input.seq, { ...outcome, usage: replyUsage(response) });
    return { status: outcome.status, usage: replyUsage(response) };
  }

  /** Records a negative whose LLM call failed for good. */
  async function failTriple(input: { runName: string; seq: number; detail: string }): Promise<void> {
    await store.completeTriple(input.runName, input.seq, { status: 'failed', detail: input.detail });
  }

  /** Trains the scorer; a retried attempt resumes from the last epoch's checkpoint. */
  async function trainScorer(input: { runName: string; settings: RunSettings }): Promise<ScorerMetrics> {
    const context = Context.current();
    const all = await store.listTriples(input.runName);
    const usable = all.filter((triple) => triple.status === 'ok' && triple.negative !== undefined);
    const embeddings = await embedPairs(usable.flatMap((triple) => [
      { context: triple.context, question: triple.positive },
      { context: triple.context, question: triple.negative! },
    ]));
    const featureSettings: FeatureSettings = { ...DEFAULT_FEATURE_SETTINGS, embeddingDimension: embeddings?.[0]?.length ?? 0 };
    const features = embeddings ? `embeddings:${deps.provider.embeddingModel}` : 'offline';
    const featurized = usable.map((triple, index) => {
      const locale = languageOf(triple.script);
      return {
        positive: featurize(triple.context, triple.positive, featureSettings, locale, embeddings?.[2 * index]),
        negative: featurize(triple.context, triple.negative!, featureSettings, locale, embeddings?.[2 * index + 1]),
      };
    });
    const settings = trainingSettings(input.settings);
    const split = splitTriples(featurized, settings);
    const directory = scorerDirectory(deps.dataDir, input.runName);
    await mkdir(directory, { recursive: true });
    const dimension = featureDimension(featureSettings);
    const fingerprint = createHash('sha256')
      .update(canonicalJson({ settings, features, featureSettings, triples: usable.map((triple) => [triple.seq, triple.positive, triple.negative]) }))
      .digest('hex');
    const checkpoint = decodeCheckpoint(await store.getArtifact(input.runName, SCORER_ARTIFACTS.checkpoint), dimension, fingerprint, input.runName);
    const state = checkpoint?.state ?? initialState(dimension);
    const history = checkpoint?.history ?? [];
    const resumedFromEpoch = state.epochsDone;
    if (resumedFromEpoch > 0) context.log.info(`scorer training resumes after epoch ${resumedFromEpoch} from its checkpoint in the store`);
    for (let epoch = state.epochsDone + 1; epoch <= settings.epochs; epoch += 1) {
      train(split, state, { ...settings, epochs: epoch }, (metrics) => history.push(metrics));
      await store.putArtifact(input.runName, SCORER_ARTIFACTS.checkpoint, encodeCheckpoint(state, fingerprint, history));
      context.heartbeat({ epoch, trainLoss: history.at(-1)?.trainLoss });
      // Yielding between epochs lets the heartbeat go out and a cancellation be seen.
      await setImmediate();
      if (context.cancellationSignal.aborted) throw new CancelledFailure(`scorer training cancelled after epoch ${epoch}; its checkpoint is kept`);
    }
    const weights: [number, number][] = [];
    state.weights.forEach((value, index) => {
      if (value !== 0) weights.push([index, Math.fround(value)]);
    });
    const model: ScorerModel = { version: 1, features, featureSettings, weights, metrics: history };
    await store.putArtifact(input.runName, SCORER_ARTIFACTS.model, JSON.stringify(model));
    // The run directory's copy is an export for people; workers read the store's.
    const modelFile = join(directory, 'model.json');
    await writeJsonAtomically(modelFile, model);
    models.delete(input.runName);
    return {
      features,
      triples: all.length,
      negativesFailed: all.filter((triple) => triple.status === 'failed').length,
      trainTriples: split.train.length,
      heldOutTriples: split.heldOut.length,
      heldOutAccuracy: history.at(-1)?.heldOutAccuracy ?? 0,
      epochs: history,
      resumedFromEpoch,
      modelFile,
    };
  }

  /** The metrics of a scorer carried forward from the dataset's previous version (no training in this run). */
  async function describeReusedScorer(input: { runName: string; previousRun: string }): Promise<ScorerMetrics> {
    const model = await requireStoredArtifact(store, ScorerModelSchema, input.runName, SCORER_ARTIFACTS.model, 'no scorer carried forward');
    const directory = scorerDirectory(deps.dataDir, input.runName);
    await mkdir(directory, { recursive: true });
    const modelFile = join(directory, 'model.json');
    await writeJsonAtomically(modelFile, model);
    const last = model.metrics.at(-1);
    // The earlier version's figures, when its rows are at hand (a replaced run has none).
    const trainedOn = (await store.listTriples(input.previousRun)).length;
    return {
      features: model.features,
      triples: 0,
      negativesFailed: 0,
      trainTriples: 0,
      heldOutTriples: 0,
      heldOutAccuracy: last?.heldOutAccuracy ?? 0,
      epochs: model.metrics,
      resumedFromEpoch: model.metrics.length,
      modelFile,
      reusedFrom: input.previousRun,
      ...(trainedOn > 0 ? { reusedTriples: trainedOn } : {}),
    };
  }

  /** Scores and filters the candidates of one page of roots (SPEC stage 2, "Ranking and filtering"). */
  /** Scores and filters a page of roots: all of them, or with `pass` only those that ran that CST pass. */
  async function filterRoots(input: { runName: string; afterSeq: number; limit: number; settings: RunSettings; pass?: number }): Promise<FilterPageResult> {
    const { weights, featureSettings } = await loadModel(input.runName);
    const roots =
      input.pass === undefined
        ? await store.listRootRefs(input.runName, input.afterSeq, input.limit)
        : await store.listRootRefsWithPass(input.runName, input.pass, input.afterSeq, input.limit);
    const result: FilterPageResult = { roots: roots.length, lastSeq: roots.at(-1)?.seq ?? input.afterSeq, kept: 0, duplicates: 0, overQuota: 0 };
    for (const root of roots) {
      const locale = languageOf(root.script);
      const candidates = await store.listRootCandidates(input.runName, root.rootId);
      const embeddings = featureSettings.embeddingDimension ? await embedPairs(candidates) : undefined;
      const scored = candidates.map((candidate, index) => ({
        id: `${candidate.pass}/${candidate.path}`,
        question: candidate.question,
        score: score(weights, featurize(candidate.context, candidate.question, featureSettings, locale, embeddings?.[index])),
        candidate,
      }));
      const quota = rootQuota(root.chars, input.settings.cst, root.lengthScale);
      const decisions = filterRoot(scored, quota, { threshold: input.settings.scorer.rougeThreshold, measure: input.settings.scorer.rougeMeasure, locale });
      const byId = new Map(scored.map((item) => [item.id, item.candidate]));
      await store.replaceFilterDecisions(
        input.runName,
        root.rootId,
        decisions.map((decision) => {
          const candidate = byId.get(decision.id)!;
          const key = { rootId: root.rootId, pass: candidate.pass, path: candidate.path, score: decision.score };
          if (decision.kept) return { ...key, kept: true, rank: decision.rank };
          return decision.reason === 'duplicate'
            ? { ...key, kept: false, reason: 'duplicate' as const, duplicateOf: decision.duplicateOf, rouge: decision.rouge }
            : { ...key, kept: false, reason: 'over-quota' as const };
        }),
      );
      const counts = countFilterMarks(decisions);
      result.kept += counts.kept;
      result.duplicates += counts.duplicates;
      result.overQuota += counts.overQuota;
      Context.current().heartbeat({ root: root.seq });
    }
    return result;
  }

  return { planTriples, generateNegative, failTriple, trainScorer, filterRoots, describeReusedScorer };
}
