import { guardCounts } from './guard-counts';

describe('guardCounts', () => {
  it('reads each guard from the drop and leaf reasons and counts absent ones as 0', () => {
    expect(
      guardCounts({ dropsByReason: { 'not-a-question': 3, 'unparseable-reply': 1, 'llm-call-failed': 9 }, leavesByReason: { 'invented-content': 2, 'depth-cap': 5 } }),
    ).toEqual({ notAQuestion: 3, questionTooShort: 0, unparseableReply: 1, groundingGuard: 0, inventedContent: 2 });
  });
});
