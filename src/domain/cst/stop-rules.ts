/**
 * The SPEC's stop rules for one CST node, applied to a parsed reply. Pure: the activity calls it
 * after the LLM answered; the workflow only sees the decision.
 */
import { rougeL } from '../rouge/rouge-l';
import type { CstReply } from './parse';
import type { CstRules } from './rules';

const length = (text: string): number => [...text].length;

/** Why a kept node has no children. */
export type LeafReason = 'split-not-shorter' | 'grounding-guard' | 'depth-cap' | 'sub-contexts-at-min-length';

export type NodeDecision =
  | { kind: 'drop'; reason: 'question-too-short'; detail: string }
  | { kind: 'keep'; children: string[]; leafReason?: LeafReason; detail?: string; grounding: [number, number] };

/** `len(C) <= minChars`: no call, no node. */
export function shouldExpand(context: string, rules: Pick<CstRules, 'minChars'>): boolean {
  return length(context) > rules.minChars;
}

export function decideNode(context: string, reply: CstReply, depth: number, rules: CstRules, locale?: string): NodeDecision {
  const questionChars = length(reply.question);
  if (questionChars < rules.minQuestionChars) {
    return { kind: 'drop', reason: 'question-too-short', detail: `question has ${questionChars} characters, fewer than ${rules.minQuestionChars}` };
  }
  const contextChars = length(context);
  const parts = [reply.context1, reply.context2];
  const grounding = parts.map((part) => rougeL(part, context, locale).precision) as [number, number];
  const partChars = parts.map(length);
  if (partChars.some((chars) => chars >= contextChars)) {
    return { kind: 'keep', children: [], leafReason: 'split-not-shorter', grounding, detail: `sub-context lengths ${partChars.join(', ')} vs context ${contextChars}` };
  }
  if (rules.groundingGuard && grounding.some((precision) => precision < rules.groundingMinPrecision)) {
    return {
      kind: 'keep',
      children: [],
      leafReason: 'grounding-guard',
      grounding,
      detail: `ROUGE-L precision of sub-contexts against the context ${grounding.map((p) => p.toFixed(3)).join(', ')} < ${rules.groundingMinPrecision}`,
    };
  }
  if (depth + 1 > rules.maxDepth) {
    return { kind: 'keep', children: [], leafReason: 'depth-cap', grounding, detail: `depth cap ${rules.maxDepth} reached` };
  }
  const children = parts.filter((part) => shouldExpand(part, rules));
  return children.length === 0
    ? { kind: 'keep', children, leafReason: 'sub-contexts-at-min-length', grounding }
    : { kind: 'keep', children, grounding };
}
