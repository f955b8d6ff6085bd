import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteRunStore, type SqliteRunStore } from '../store/sqlite-run-store';
import { createScorerActivities, decodeCheckpoint, SCORER_ARTIFACTS } from './scorer-activities';

const RUN = 'run-x';
const model = { version: 1, features: 'offline', featureSettings: { hashBits: 4 }, weights: [[0, 0.5], [3, -1]], metrics: [{ epoch: 1, trainLoss: 0.6, heldOutLoss: 0.7, heldOutAccuracy: 0.8 }] };

describe('the stored scorer read back', () => {
  let store: SqliteRunStore;
  let dataDir: string;
  beforeEach(async () => {
    store = openSqliteRunStore(':memory:');
    dataDir = await mkdtemp(join(tmpdir(), 'augcon-scorer-'));
    await store.putRun({ runName: RUN, configHash: 'h', settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const activities = () =>
    createScorerActivities({ store, dataDir, provider: {}, sampleWithFallback: () => Promise.reject(new Error('no LLM call is expected')) });

  it('describes a carried-forward model read through its schema', async () => {
    await store.putArtifact(RUN, SCORER_ARTIFACTS.model, JSON.stringify(model));
    const metrics = await activities().describeReusedScorer({ runName: RUN, previousRun: 'run-w' });
    expect(metrics).toMatchObject({ features: 'offline', heldOutAccuracy: 0.8, resumedFromEpoch: 1, reusedFrom: 'run-w' });
    expect(JSON.parse(await readFile(metrics.modelFile, 'utf8'))).toEqual(model);
  });

  it('fails on a damaged model, naming the artifact, the run and the field, without retrying', async () => {
    await store.putArtifact(RUN, SCORER_ARTIFACTS.model, JSON.stringify({ ...model, metrics: [{ epoch: 1, trainLoss: '0.6', heldOutLoss: 0.7, heldOutAccuracy: 0.8 }] }));
    await expect(activities().describeReusedScorer({ runName: RUN, previousRun: 'run-w' })).rejects.toMatchObject({
      message: expect.stringMatching(/^artifact scorer-model of run run-x is not what augcon stored: metrics\.0\.trainLoss: /),
      type: 'StoredDataError',
      nonRetryable: true,
    });
  });

  it('refuses a weight outside the model\'s features', async () => {
    await store.putArtifact(RUN, SCORER_ARTIFACTS.model, JSON.stringify({ ...model, weights: [[0, 1], [1_000_000, 1]] }));
    await expect(activities().describeReusedScorer({ runName: RUN, previousRun: 'run-w' })).rejects.toThrow(/weights\.1\.0: index 1000000 is outside the model's 24 features/);
  });
});

describe('decodeCheckpoint', () => {
  const dimension = 2;
  const body = Buffer.from(new Float64Array([1, 2, 0.1, 0.2, 0.01, 0.02]).buffer).toString('base64');
  const header = { epochsDone: 1, step: 7, dimension, fingerprint: 'f', history: [{ epoch: 1, trainLoss: 0.6, heldOutLoss: 0.7, heldOutAccuracy: 0.8 }] };

  it('resumes a checkpoint of the same data and ignores one of other data', () => {
    const text = `${JSON.stringify(header)}\n${body}`;
    const decoded = decodeCheckpoint(text, dimension, 'f', RUN);
    expect(Array.from(decoded!.state.weights)).toEqual([1, 2]);
    expect(Array.from(decoded!.state.secondMoment)).toEqual([0.01, 0.02]);
    expect(decoded!.state.step).toBe(7);
    expect(decodeCheckpoint(text, dimension, 'other data', RUN)).toBeUndefined();
    expect(decodeCheckpoint(undefined, dimension, 'f', RUN)).toBeUndefined();
  });

  it('fails on a damaged header or body, naming the artifact, the run and what is wrong', () => {
    expect(() => decodeCheckpoint(`${JSON.stringify({ ...header, step: -1 })}\n${body}`, dimension, 'f', RUN)).toThrow(
      /^the header line of artifact scorer-checkpoint of run run-x is not what augcon stored: step: /,
    );
    expect(() => decodeCheckpoint(JSON.stringify(header), dimension, 'f', RUN)).toThrow(/no line break/);
    expect(() => decodeCheckpoint(`${JSON.stringify(header)}\n${body.slice(0, 12)}`, dimension, 'f', RUN)).toThrow(/bytes of weights and moments, expected 48/);
  });
});
