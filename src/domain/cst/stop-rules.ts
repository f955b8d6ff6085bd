/**
 * The SPEC's stop rules for one CST node, applied to a parsed reply. Pure: the activity calls it
 * after the LLM answered; the workflow only sees the decision.
 */
import { inventedContent, isQuestion } from '../quality';
import { rougeL } from '../rouge/rouge-l';
import type { CstReply } from './parse';
import type { CstRules } from './rules';

const length = (text: string): number => [...text].length;

/** Why a kept node has no children. */
export type LeafReason = 'split-not-shorter' | 'grounding-guard' | 'invented-content' | 'depth-cap' | 'sub-contexts-at-min-length';

/** Why a node is dropped; 'not-a-question' is resampled first while parse retries remain. */
export type DropReason = 'question-too-short' | 'not-a-question';

export type NodeDecision =
  | { kind: 'drop'; reason: DropReason; detail: string }
  | { kind: 'keep'; children: string[]; leafReason?: LeafReason; detail?: string; grounding: [number, number] };

/** `len(C) <= minChars`: no call, no node. */
export function shouldExpand(context: string, rules: Pick<CstRules, 'minChars'>): boolean {
  return length(context) > rules.minChars;
}

/** The invented content of the first sub-context that has some, described; undefined when none does. */
function inventedIn(parts: readonly string[], context: string, rules: CstRules, locale: 'en' | 'zh'): string | undefined {
  for (const [index, part] of parts.entries()) {
    const found = inventedContent(part, context, locale);
    const reasons = [
      ...(found.novelNumbers.length > 0 ? [`numbers ${found.novelNumbers.join(', ')}`] : []),
      ...(found.novelNames.length > 0 ? [`names ${found.novelNames.join(', ')}`] : []),
      ...(found.novelWordShare > rules.inventedMaxNovelShare
        ? [`${Math.round(found.novelWordShare * 100)}% new content words (${found.novelWords.slice(0, 8).join(', ')}) > ${Math.round(rules.inventedMaxNovelShare * 100)}%`]
        : []),
    ];
    if (reasons.length > 0) return `sub-context ${index + 1} is not in the text it was split from: ${reasons.join('; ')}`;
  }
  return undefined;
}

export function decideNode(context: string, reply: CstReply, depth: number, rules: CstRules, locale?: string): NodeDecision {
  const questionChars = length(reply.question);
  if (questionChars < rules.minQuestionChars) {
    return { kind: 'drop', reason: 'question-too-short', detail: `question has ${questionChars} characters, fewer than ${rules.minQuestionChars}` };
  }
  const language = locale === 'zh' ? 'zh' : 'en';
  if (rules.requireQuestion && !isQuestion(reply.question, language)) {
    return { kind: 'drop', reason: 'not-a-question', detail: `the question is a statement: ${JSON.stringify(reply.question.slice(0, 120))}` };
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
  const invented = rules.inventedContentGuard ? inventedIn(parts, context, rules, language) : undefined;
  if (invented) return { kind: 'keep', children: [], leafReason: 'invented-content', grounding, detail: invented };
  if (depth + 1 > rules.maxDepth) {
    return { kind: 'keep', children: [], leafReason: 'depth-cap', grounding, detail: `depth cap ${rules.maxDepth} reached` };
  }
  const children = parts.filter((part) => shouldExpand(part, rules));
  return children.length === 0
    ? { kind: 'keep', children, leafReason: 'sub-contexts-at-min-length', grounding }
    : { kind: 'keep', children, grounding };
}
