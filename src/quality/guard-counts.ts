/**
 * What each CST guard caught in a run, from the store's drop and leaf counts: a reply whose question
 * is not a question (dropped once its fresh samples ran out), a question too short, an unparseable
 * reply, and the two split guards that stop a node's recursion (a sub-context that drifted from its
 * parent by ROUGE-L precision, or that invents words, numbers or names the parent never had).
 */
export interface GuardCounts {
  notAQuestion: number;
  questionTooShort: number;
  unparseableReply: number;
  groundingGuard: number;
  inventedContent: number;
}

export function guardCounts(counts: { dropsByReason: Record<string, number>; leavesByReason: Record<string, number> }): GuardCounts {
  return {
    notAQuestion: counts.dropsByReason['not-a-question'] ?? 0,
    questionTooShort: counts.dropsByReason['question-too-short'] ?? 0,
    unparseableReply: counts.dropsByReason['unparseable-reply'] ?? 0,
    groundingGuard: counts.leavesByReason['grounding-guard'] ?? 0,
    inventedContent: counts.leavesByReason['invented-content'] ?? 0,
  };
}
