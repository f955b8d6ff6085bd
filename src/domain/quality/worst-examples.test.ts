import { measurePair, type QualityPair } from './pair-measures';
import { createTextCache } from './text-cache';
import { worstExamples } from './worst-examples';

const root = 'The ferry leaves the harbour at six every morning.';
const make = (path: string, question: string, answer?: string): QualityPair => ({
  rootId: 'r', docId: 'd', pass: 2, path, depth: 1, locale: 'en', context: root, rootText: root, question, ...(answer !== undefined ? { answer } : {}),
});

describe('worstExamples', () => {
  it('orders worst first, leaves perfect values out and stops at the limit', () => {
    const cache = createTextCache();
    const measured = [
      // Content words ferry leave harbour → all in the root: left out of the grounding list.
      make('a', 'When does the ferry leave the harbour?', 'At six every morning.'),
      // island ferry serve → only ferry in the root: 1/3.
      make('b', 'Which island does the ferry serve?', 'It sails.'),
      // bus timetable → 0/2.
      make('c', 'What is the bus timetable?'),
    ].map((pair) => measurePair(pair, cache, 0.8));
    const worst = worstExamples(measured, [], 2, cache);
    expect(worst.questionGroundingRoot.map(({ path }) => path)).toEqual(['c', 'b']);
    expect(worst.questionGroundingRoot.map(({ value }) => value)).toEqual([0, expect.closeTo(1 / 3, 10)]);
    expect(worst.questionGroundingRoot[0]).toMatchObject({ note: 'not in the root text: bus, timetable' });
    // "At six every morning." (21 characters) and "It sails." (9): shortest first.
    expect(worst.answerLength.map(({ path, value }) => [path, value])).toEqual([['b', 9], ['a', 21]]);
    expect(worst.answerLength[0]).toMatchObject({ answer: 'It sails.', pass: 2 });
    expect(worst.notQuestion).toEqual([]);
    expect(worst.nearDuplicate).toEqual([]);
  });
});
