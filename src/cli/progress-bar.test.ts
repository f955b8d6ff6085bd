import type { RunProgress } from '../workflows';
import { describeProgress } from './progress-bar';

const base: RunProgress = {
  runName: 'r',
  stage: 'generating',
  documents: 3,
  diagnostics: { errors: 0, warnings: 0 },
  roots: { total: 10, done: 4, failed: 1, inFlight: 2 },
  pass: { current: 1, max: 3, rootsRepassed: 0, rootsRepassedDone: 0 },
  nodes: 40,
  candidates: 38,
  drops: 2,
  parseRetries: 0,
  tokens: { promptTokens: 90, completionTokens: 10, totalTokens: 100, paid: { promptTokens: 90, completionTokens: 10, totalTokens: 100 } },
};

const running = { paused: false, pausedForBudget: false, stopping: false, budget: { inputPricePerMillion: 0, outputPricePerMillion: 0 }, maxConcurrentRoots: 50 };

describe('describeProgress', () => {
  it('shows the root counts on one line during the first pass', () => {
    expect(describeProgress(base)).toBe('generating: roots 4/10 (2 in flight, 1 failed), nodes 40, questions 38, drops 2, tokens 100');
  });

  it('says how many of the tokens were paid when the cache saved some (what the budget counts)', () => {
    const cached = { ...base, tokens: { ...base.tokens, paid: { promptTokens: 30, completionTokens: 5, totalTokens: 35 } } };
    expect(describeProgress(cached)).toBe('generating: roots 4/10 (2 in flight, 1 failed), nodes 40, questions 38, drops 2, tokens 100 (35 paid)');
  });

  it('adds the later pass and the scorer phase when there are any', () => {
    const text = describeProgress({
      ...base,
      stage: 'scoring',
      pass: { current: 2, max: 3, rootsRepassed: 5, rootsRepassedDone: 3 },
      scorer: { phase: 'negatives', negatives: { planned: 30, done: 12, failed: 1 }, rootsFiltered: 0 },
    });
    expect(text.split('\n  ')).toEqual([
      'scoring: roots 4/10 (2 in flight, 1 failed), nodes 40, questions 38, drops 2, tokens 100',
      'CST pass 2 of at most 3: 3/5 roots under quota expanded again',
      'scorer: negatives; negatives 12/30 (1 failed), roots filtered 0/10',
    ]);
  });

  it('adds the answer stage phase while answering', () => {
    const text = describeProgress({
      ...base,
      stage: 'answering',
      answers: { phase: 'answering', examples: { traced: 6, passed: 4, planned: 6 }, rootsDone: 7, answered: 50, failed: 1, control: running },
    });
    expect(text.split('\n  ')[1]).toBe('answers: answering; examples judged 6/6 (4 passed), roots 7/10, 50 answered, 1 failed');
  });

  it('names the batch a batch-mode run waits for, from the run or from its stage', () => {
    const batch = { batch: 'cst-pass-1-round-3', id: 'batch_7', requests: 120, status: 'in_progress', completed: 45, submittedAtMs: Date.UTC(2026, 11, 7, 6, 0) };
    const line = 'waiting for batch cst-pass-1-round-3 (batch_7, sent 2026-12-07T06:00:00.000Z): in_progress, 45/120 requests done';
    expect(describeProgress({ ...base, batch }).split('\n  ')[1]).toBe(line);
    const scorer = { phase: 'negatives' as const, negatives: { planned: 30, done: 12, failed: 0 }, rootsFiltered: 0, batch };
    expect(describeProgress({ ...base, stage: 'scoring', scorer }).split('\n  ')[1]).toBe(line);
  });

  it('says why a run is paused, and that it is stopping', () => {
    const reason = 'token budget of 1000 reached (1200 used); raise it with augcon budget <run> --max-tokens N';
    const paused = describeProgress({ ...base, control: { ...running, paused: true, pausedForBudget: true, pauseReason: reason, budget: { ...running.budget, maxTokens: 1000 } } });
    expect(paused.split('\n  ')[1]).toBe(`PAUSED: ${reason}`);
    expect(describeProgress({ ...base, control: { ...running, stopping: true } }).split('\n  ')[1]).toBe('STOPPING: work in flight finishes, then what is done is exported');
  });

  it('ends with the retried LLM calls while there are any', () => {
    const line = 'retrying 2 LLM calls; latest: LlmServerError on attempt 3: 500 stand-in injected HTTP 500';
    expect(describeProgress(base, line).split('\n  ')).toEqual([describeProgress(base), line]);
    expect(describeProgress(base, undefined)).toBe(describeProgress(base));
  });
});
