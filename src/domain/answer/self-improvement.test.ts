import type { ExampleTriplet } from './examples';
import {
  assembleDemonstrations,
  candidateDemoSets,
  heldOutIndices,
  judgedAccuracy,
  leaveOneOutDemos,
  mixSeed,
  pickBestSet,
  type PassingTrace,
} from './self-improvement';

const examples: ExampleTriplet[] = Array.from({ length: 8 }, (_, index) => ({ context: `C${index}`, question: `Q${index}?`, answer: `A${index}` }));
const trace = (exampleIndex: number): PassingTrace => ({ exampleIndex, context: `C${exampleIndex}`, question: `Q${exampleIndex}?`, answer: `model ${exampleIndex}`, reasoning: `R${exampleIndex}` });

describe('leaveOneOutDemos', () => {
  it('never shows the example being answered, and shows count others', () => {
    for (let index = 0; index < examples.length; index += 1) {
      const demos = leaveOneOutDemos(examples, index, 3, 7);
      expect(demos).toHaveLength(3);
      expect(demos.map((demo) => demo.exampleIndex)).not.toContain(index);
      expect(new Set(demos.map((demo) => demo.exampleIndex)).size).toBe(3);
      for (const demo of demos) expect(demo).toEqual({ ...examples[demo.exampleIndex], source: 'raw', exampleIndex: demo.exampleIndex });
    }
  });
  it('is deterministic for a seed and varies with the seed', () => {
    const pick = (seed: number) => leaveOneOutDemos(examples, 2, 3, seed).map((demo) => demo.exampleIndex);
    expect(pick(1)).toEqual(pick(1));
    const distinct = new Set([1, 2, 3, 4, 5, 6].map((seed) => pick(seed).join(',')));
    expect(distinct.size).toBeGreaterThan(1);
  });
  it('shows every other example when fewer than count exist, and none for count 0', () => {
    expect(leaveOneOutDemos(examples.slice(0, 3), 0, 5, 1).map((demo) => demo.exampleIndex).sort()).toEqual([1, 2]);
    expect(leaveOneOutDemos(examples, 0, 0, 1)).toEqual([]);
    expect(leaveOneOutDemos(examples.slice(0, 1), 0, 3, 1)).toEqual([]);
  });
  it('rejects an index outside the examples', () => {
    expect(() => leaveOneOutDemos(examples, 8, 3, 1)).toThrow(RangeError);
    expect(() => leaveOneOutDemos(examples, 0, -1, 1)).toThrow(RangeError);
  });
});

describe('assembleDemonstrations', () => {
  it('takes the first passing traces with their reasoning, then tops up with raw examples not used', () => {
    const demos = assembleDemonstrations([trace(4), trace(0)], examples, 3);
    expect(demos).toEqual([
      { context: 'C4', question: 'Q4?', answer: 'model 4', reasoning: 'R4', source: 'trace', exampleIndex: 4 },
      { context: 'C0', question: 'Q0?', answer: 'model 0', reasoning: 'R0', source: 'trace', exampleIndex: 0 },
      { context: 'C1', question: 'Q1?', answer: 'A1', source: 'raw', exampleIndex: 1 },
    ]);
  });
  it('keeps only count traces and defaults to three', () => {
    const demos = assembleDemonstrations([trace(5), trace(1), trace(6), trace(2)], examples);
    expect(demos.map((demo) => [demo.source, demo.exampleIndex])).toEqual([
      ['trace', 5],
      ['trace', 1],
      ['trace', 6],
    ]);
  });
  it('uses only raw examples when nothing passed, in the given order', () => {
    expect(assembleDemonstrations([], examples, 3, [6, 2, 0, 1]).map((demo) => demo.exampleIndex)).toEqual([6, 2, 0]);
    expect(assembleDemonstrations([], examples.slice(0, 2), 3).map((demo) => demo.exampleIndex)).toEqual([0, 1]);
  });
  it('ignores a second trace of the same example', () => {
    expect(assembleDemonstrations([trace(3), trace(3)], examples, 2).map((demo) => [demo.source, demo.exampleIndex])).toEqual([
      ['trace', 3],
      ['raw', 0],
    ]);
  });
});

describe('heldOutIndices', () => {
  it('lists the examples a demonstration set does not use', () => {
    expect(heldOutIndices(5, [{ exampleIndex: 1 }, { exampleIndex: 3 }])).toEqual([0, 2, 4]);
  });
});

describe('candidateDemoSets', () => {
  it('keeps the original order for set 0 and shuffles the others reproducibly', () => {
    const sets = candidateDemoSets(examples, 4, 11);
    expect(sets.map((set) => set.setIndex)).toEqual([0, 1, 2, 3]);
    expect(sets[0]!.order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const set of sets) expect([...set.order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sets.slice(1).some((set) => set.order.join() !== sets[0]!.order.join())).toBe(true);
    expect(new Set(sets.map((set) => set.order.join())).size).toBeGreaterThan(2);
    expect(candidateDemoSets(examples, 4, 11)).toEqual(sets);
    expect(candidateDemoSets(examples, 4, 12)).not.toEqual(sets);
  });
  it('gives the single original order by default and refuses zero sets', () => {
    expect(candidateDemoSets(examples.slice(0, 3), 1, 5)).toEqual([{ setIndex: 0, order: [0, 1, 2] }]);
    expect(() => candidateDemoSets(examples, 0, 1)).toThrow(RangeError);
  });
});

describe('pickBestSet', () => {
  it('picks the best judged accuracy', () => {
    expect(pickBestSet([{ setIndex: 0, passed: 2, judged: 5 }, { setIndex: 1, passed: 4, judged: 5 }, { setIndex: 2, passed: 3, judged: 5 }])).toEqual({ setIndex: 1, accuracy: 0.8 });
  });
  it('breaks ties by the lowest set index, whatever the order of results', () => {
    expect(pickBestSet([{ setIndex: 2, passed: 1, judged: 2 }, { setIndex: 1, passed: 2, judged: 4 }, { setIndex: 3, passed: 0, judged: 4 }])).toEqual({ setIndex: 1, accuracy: 0.5 });
  });
  it('counts a set with nothing judged as accuracy 0, and has no pick without results', () => {
    expect(judgedAccuracy(0, 0)).toBe(0);
    expect(pickBestSet([{ setIndex: 0, passed: 0, judged: 0 }, { setIndex: 1, passed: 1, judged: 3 }])?.setIndex).toBe(1);
    expect(pickBestSet([])).toBeUndefined();
  });
});

describe('mixSeed', () => {
  it('gives different 32-bit seeds for different inputs', () => {
    const seeds = new Set([mixSeed(1, 0), mixSeed(1, 1), mixSeed(2, 0), mixSeed(0, 1)]);
    expect(seeds.size).toBe(4);
    for (const seed of seeds) expect(seed).toBeGreaterThanOrEqual(0);
  });
});
