import { AimdLimit, isOverload } from './aimd';

describe('AimdLimit', () => {
  it('starts slowly: 8 calls, one more per answered call until the first overload', () => {
    const aimd = new AimdLimit({ min: 1, max: 64 });
    expect(aimd.limit).toBe(8);
    for (let i = 0; i < 8; i += 1) aimd.onSuccess();
    expect(aimd.limit).toBe(16);
    for (let i = 0; i < 100; i += 1) aimd.onSuccess();
    expect(aimd.limit).toBe(64);
    expect(new AimdLimit({ min: 1, max: 4 }).limit).toBe(4);
  });

  it('after an overload the limit climbs back one call per answered call, to one short of where it was refused', () => {
    const aimd = new AimdLimit({ min: 1, max: 64, initial: 20, backoffRatio: 0.5 });
    aimd.onOverload(aimd.currentRound);
    expect(aimd.limit).toBe(10);
    for (let i = 0; i < 9; i += 1) aimd.onSuccess();
    expect(aimd.limit).toBe(19);
    // At 19 the fast climb stops: the next answered call adds 1/(19 x 3).
    aimd.onSuccess();
    expect(aimd.limit).toBe(19);
  });

  it('at or above the last overload level it probes slowly, 1/(limit x probeSlowdown) per answered call, up to max', () => {
    const plain = new AimdLimit({ min: 1, max: 10, initial: 5, backoffRatio: 0.8, probeSlowdown: 1 });
    plain.onOverload(plain.currentRound);
    expect(plain.limit).toBe(4);
    // 1/4 + 1/4.25 + ... : five answered calls add one call.
    for (let i = 0; i < 4; i += 1) plain.onSuccess();
    expect(plain.limit).toBe(4);
    plain.onSuccess();
    expect(plain.limit).toBe(5);

    const slow = new AimdLimit({ min: 1, max: 10, initial: 5, backoffRatio: 0.8 });
    slow.onOverload(slow.currentRound);
    for (let i = 0; i < 13; i += 1) slow.onSuccess();
    expect(slow.limit).toBe(4);
    slow.onSuccess();
    expect(slow.limit).toBe(5);
    for (let i = 0; i < 1000; i += 1) slow.onSuccess();
    expect(slow.limit).toBe(10);
  });

  it('an overload multiplies the limit by the backoff ratio, once per round, never below min', () => {
    const aimd = new AimdLimit({ min: 3, max: 40, initial: 40, backoffRatio: 0.5 });
    const round = aimd.currentRound;
    expect(aimd.onOverload(round)).toBe(true);
    expect(aimd.limit).toBe(20);
    // More failures of calls started in the same round tell of the old limit: no further decrease.
    expect(aimd.onOverload(round)).toBe(false);
    expect(aimd.limit).toBe(20);
    for (let i = 0; i < 5; i += 1) aimd.onOverload(aimd.currentRound);
    expect(aimd.limit).toBe(3);
  });

  it('rejects settings it cannot honour', () => {
    expect(() => new AimdLimit({ min: 0, max: 4 })).toThrow(/1 <= min <= max/);
    expect(() => new AimdLimit({ min: 5, max: 4 })).toThrow(/min 5, max 4/);
    expect(() => new AimdLimit({ min: 1, max: 4, backoffRatio: 1 })).toThrow(/between 0 and 1/);
    expect(() => new AimdLimit({ min: 1, max: 4, probeSlowdown: 0.5 })).toThrow(/at least 1/);
  });
});

describe('isOverload', () => {
  it('is 429, 503 and timeouts, not a bad request or another server error', () => {
    expect(isOverload({ type: 'LlmRateLimited', status: 429 })).toBe(true);
    expect(isOverload({ type: 'LlmServerError', status: 503 })).toBe(true);
    expect(isOverload({ type: 'LlmTimeout' })).toBe(true);
    expect(isOverload({ type: 'LlmServerError', status: 500 })).toBe(false);
    expect(isOverload({ type: 'LlmBadRequest', status: 400 })).toBe(false);
    expect(isOverload({ type: 'LlmConnectionError' })).toBe(false);
  });
});
