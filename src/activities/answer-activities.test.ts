import { defaultPrinciples } from '../domain/answer/principles';
import { RunInputSchema } from '../domain/run-input';
import type { AnswerSetup } from '../domain/answer/stored';
import { openSqliteRunStore, type SqliteRunStore } from '../store/sqlite-run-store';
import { createAnswerActivities, speakingTo } from './answer-activities';

const setup: AnswerSetup = { language: 'en', examplesSource: 'defaults', examples: [], principles: ['Answer from the context.', 'Be brief.'], warnings: [] };

describe('speakingTo', () => {
  it('keeps the run setup for a context in the main language', () => {
    expect(speakingTo(setup, RunInputSchema.parse({ corpus: { paths: ['x'] } }), 'The pump starts at six.')).toBe(setup);
  });

  it('speaks Chinese to a Chinese context of an English corpus, with the extra principles kept', () => {
    const settings = RunInputSchema.parse({ corpus: { paths: ['x'] }, answers: { principles: { extra: ['Cite numbers exactly.'] } } });
    const chinese = speakingTo(setup, settings, '共享单车的车辆每天早上都会被重新调配。');
    expect(chinese.language).toBe('zh');
    expect(chinese.principles).toEqual([...defaultPrinciples('zh'), 'Cite numbers exactly.']);
    expect(chinese.examples).toBe(setup.examples);
  });

  it('uses replaced principles whatever the language', () => {
    const settings = RunInputSchema.parse({ corpus: { paths: ['x'] }, answers: { principles: { replace: ['Only the context.'] } } });
    expect(speakingTo(setup, settings, '调度员根据前一天的骑行数据调配车辆。').principles).toEqual(['Only the context.']);
  });
});

describe('the answer artifacts read back', () => {
  const RUN = 'run-x';
  let store: SqliteRunStore;
  beforeEach(async () => {
    store = openSqliteRunStore(':memory:');
    await store.putRun({ runName: RUN, configHash: 'h', settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(async () => store.close());

  const activities = () =>
    createAnswerActivities({
      store,
      structuredChat: () => Promise.reject(new Error('no LLM call is expected')),
    });
  const chosen = { setIndex: 1, judgedAccuracy: 0.75, judged: 4, passed: 3, candidates: [], demonstrations: [{ context: 'c', question: 'q', answer: 'a', source: 'raw', exampleIndex: 0 }] };

  it('are read through their schemas', async () => {
    await store.putArtifact(RUN, 'answer-setup', JSON.stringify(setup));
    await store.putArtifact(RUN, 'demonstrations', JSON.stringify(chosen));
    await expect(activities().describeReusedDemonstrations({ runName: RUN })).resolves.toEqual({ examples: 0, language: 'en', setIndex: 1, judgedAccuracy: 0.75, demonstrations: 1 });
  });

  it('fail on a damaged setup, naming the artifact, the run and the field, without retrying', async () => {
    await store.putArtifact(RUN, 'answer-setup', JSON.stringify({ ...setup, language: 'fr' }));
    await store.putArtifact(RUN, 'demonstrations', JSON.stringify(chosen));
    await expect(activities().describeReusedDemonstrations({ runName: RUN })).rejects.toMatchObject({
      message: expect.stringMatching(/^artifact answer-setup of run run-x is not what augcon stored: language: /),
      type: 'StoredDataError',
      nonRetryable: true,
    });
  });

  it('fail on damaged demonstrations, naming the field', async () => {
    await store.putArtifact(RUN, 'answer-setup', JSON.stringify(setup));
    await store.putArtifact(RUN, 'demonstrations', JSON.stringify({ ...chosen, demonstrations: [{ ...chosen.demonstrations[0], source: 'guess' }] }));
    await expect(activities().describeReusedDemonstrations({ runName: RUN })).rejects.toThrow(
      /^artifact demonstrations of run run-x is not what augcon stored: demonstrations\.0\.source: /,
    );
  });

  it('say which artifact a run does not have yet', async () => {
    await expect(activities().describeReusedDemonstrations({ runName: RUN })).rejects.toMatchObject({ message: 'run run-x has no answer-setup in the store yet', type: 'RunNotFound' });
  });
});
