/**
 * The quality measures as the plain-text table `augcon eval` prints: one line per measure with how
 * to read it, then the reference coverage and the judge's verdicts when they were asked for.
 */
import type { QualityReport, ReferenceCoverage } from '../domain/quality';
import type { JudgeSummary } from '../domain/judge/judge-summary';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const num = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(3));

export function formatQuality(report: QualityReport): string[] {
  const g = report.granularity;
  const lines = [
    `Quality of ${report.pairs} kept pairs (no LLM call)`,
    `  question grounding   ${pct(report.questionGrounding.meanNode)} of question words in the node context, ${pct(report.questionGrounding.meanRoot)} in the root text; ${report.questionGrounding.belowHalfRoot} questions under 50% (higher is better)`,
    `  answer grounding     ${report.answerGrounding.answered} answered: ${pct(report.answerGrounding.meanShare)} of answer words in the root text; longest verbatim span ${num(report.answerGrounding.meanLongestSpan)} words (${pct(report.answerGrounding.meanLongestSpanShare)} of the answer)`,
    `  copied questions     ${report.copiedQuestions.count} (${pct(report.copiedQuestions.share)}) merely copy their context (lower is better)`,
    `  near-duplicates      max pairwise ROUGE-L per root: mean ${num(report.nearDuplicates.meanMaxRougeL)}, max ${num(report.nearDuplicates.maxRougeL)}; ${report.nearDuplicates.rootsAbove07} of ${report.nearDuplicates.roots} roots above 0.7`,
    `  diversity            distinct-1 ${num(report.diversity.distinct1)}, distinct-2 ${num(report.diversity.distinct2)}, MTLD ${num(report.diversity.mtld)} (higher is more varied)`,
    `  granularity          by depth ${Object.entries(g.byDepth).map(([depth, count]) => `${depth}:${count}`).join(' ')}; entropy ${num(g.depthEntropy)} (depth), ${num(g.lengthEntropy)} (length) of 1`,
    `  context lengths      ${Object.entries(g.byLengthBucket).map(([bucket, count]) => `${bucket}:${count}`).join(' ')}`,
    `  question forms       wh ${report.forms.wh}, yes/no ${report.forms.yesNo}, other ${report.forms.otherQuestion}, not a question ${report.forms.notQuestion}`,
    `  language match       ${report.languageMatch.matched} (${pct(report.languageMatch.share)}) questions in their context's script`,
    `  answer length        mean ${num(report.answerLength.mean)} characters (median ${num(report.answerLength.median)}, p10 ${num(report.answerLength.p10)}, p90 ${num(report.answerLength.p90)})`,
  ];
  return lines;
}

export function formatWorst(report: QualityReport, measure: keyof QualityReport['worst'], limit = 3): string[] {
  return report.worst[measure].slice(0, limit).map((entry) => `    ${num(entry.value)}  ${entry.rootId}/${entry.pass}/${entry.path}  ${JSON.stringify(entry.question)}`);
}

export function formatCoverage(coverage: ReferenceCoverage, threshold: number): string[] {
  return [
    `Reference questions: ${coverage.references} (${coverage.unmatched} from documents the run has no question for)`,
    `  coverage             ${pct(coverage.coverage)} have a generated question from the same document with ROUGE-L F >= ${threshold}`,
    `  mean best ROUGE-L    ${num(coverage.meanBestRougeL)}`,
  ];
}

export function formatJudge(summary: JudgeSummary, cost?: number): string[] {
  const line = (name: string, c: JudgeSummary['answerability']) =>
    `  ${name.padEnd(20)} ${pct(c.share)} yes of ${c.judged} judged (95% interval ${pct(c.low)} to ${pct(c.high)}; ${c.unjudged} unjudged)`;
  return [
    `LLM judge on ${summary.pairs} pairs (sample ${summary.sample}, seed ${summary.seed})`,
    line('answerability', summary.answerability),
    line('faithfulness', summary.faithfulness),
    `  tokens               ${summary.usage.totalTokens} (${summary.usage.promptTokens} prompt + ${summary.usage.completionTokens} completion)${cost === undefined ? '' : `, about $${cost.toFixed(4)}`}`,
  ];
}
