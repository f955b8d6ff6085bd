/**
 * The report's Quality section: the measures of manifest.json and `augcon eval` (each with how to read
 * it), what each CST guard caught, and the ten worst pairs by each measure.
 */
import type { QualityReport } from '../domain/quality';
import type { GuardCounts } from '../quality/guard-counts';
import { escapeHtml as e, formatDecimal, formatInteger as int, formatPercent, table, truncate } from './html';

const MEASURE_TITLES: Record<keyof QualityReport['worst'], string> = {
  questionGroundingRoot: 'Questions least grounded in their root text (share of content words found)',
  answerGrounding: 'Answers least grounded in the root text',
  copiedQuestion: 'Questions that come closest to copying their context (longest verbatim span share)',
  nearDuplicate: 'Closest near-duplicates left among kept questions (ROUGE-L F)',
  notQuestion: 'Kept questions that are not questions',
  languageMismatch: "Questions not in their context's script",
  answerLength: 'Shortest answers (characters)',
};

const dec = (value: number) => e(formatDecimal(value, 3));

export function renderQualitySection(quality: QualityReport, guards: GuardCounts): string {
  const q = quality;
  const rows: [string, string, string][] = [
    ['question grounding (root)', formatPercent(q.questionGrounding.meanRoot), "share of a question's content words found in its root's original text; low means it asks about something the document never says"],
    ['question grounding (node)', formatPercent(q.questionGrounding.meanNode), 'the same against the node context the question was asked about'],
    ['answer grounding', formatPercent(q.answerGrounding.meanShare), `share of an answer's content words in the root text (${int(q.answerGrounding.answered)} answered)`],
    ['longest verbatim span', `${formatDecimal(q.answerGrounding.meanLongestSpan, 1)} words`, 'mean longest run of an answer copied word for word from the root text; high means quoting, not explaining'],
    ['copied questions', `${int(q.copiedQuestions.count)} (${formatPercent(q.copiedQuestions.share)})`, 'questions that mostly repeat their context verbatim; lower is better'],
    ['near-duplicates left', `mean ${formatDecimal(q.nearDuplicates.meanMaxRougeL, 3)}, max ${formatDecimal(q.nearDuplicates.maxRougeL, 3)}`, `max pairwise ROUGE-L among a root's kept questions; ${int(q.nearDuplicates.rootsAbove07)} of ${int(q.nearDuplicates.roots)} roots above 0.7`],
    ['distinct-1 / distinct-2', `${formatDecimal(q.diversity.distinct1, 3)} / ${formatDecimal(q.diversity.distinct2, 3)}`, 'unique words and word pairs over all questions; higher is more varied'],
    ['MTLD', formatDecimal(q.diversity.mtld, 1), 'lexical diversity independent of length; template-like questions score low'],
    ['granularity entropy', `${formatDecimal(q.granularity.depthEntropy, 3)} depth, ${formatDecimal(q.granularity.lengthEntropy, 3)} length`, 'how evenly kept pairs spread over tree depths and context lengths (1 = even)'],
    ['question forms', `wh ${int(q.forms.wh)}, yes/no ${int(q.forms.yesNo)}, other ${int(q.forms.otherQuestion)}, not a question ${int(q.forms.notQuestion)}`, 'a healthy set is mostly wh-questions'],
    ['language match', formatPercent(q.languageMatch.share), "questions written in their context's script"],
    ['answer length', `mean ${formatDecimal(q.answerLength.mean, 0)}, median ${formatDecimal(q.answerLength.median, 0)} (p10 ${formatDecimal(q.answerLength.p10, 0)}, p90 ${formatDecimal(q.answerLength.p90, 0)})`, 'characters'],
  ];
  const guardRows: [string, number, string][] = [
    ['not a question', guards.notAQuestion, 'nodes dropped after every sample answered with a statement'],
    ['question too short', guards.questionTooShort, 'nodes dropped'],
    ['unparseable reply', guards.unparseableReply, 'nodes dropped after every sample failed to parse'],
    ['grounding guard', guards.groundingGuard, 'splits not followed: a sub-context drifted from its parent (ROUGE-L precision)'],
    ['invented content', guards.inventedContent, 'splits not followed: a sub-context has numbers, names or words its parent lacks'],
  ];
  const worst = (Object.keys(MEASURE_TITLES) as (keyof QualityReport['worst'])[])
    .filter((measure) => q.worst[measure].length > 0)
    .map((measure) =>
      [
        `<h3>${e(MEASURE_TITLES[measure])}</h3>`,
        table(
          [{ label: 'value', numeric: true }, { label: 'node' }, { label: 'question' }, { label: 'answer' }],
          q.worst[measure].map((entry) => [dec(entry.value), e(`${entry.rootId} pass ${entry.pass} ${entry.path}`), e(truncate(entry.question, 200)), e(truncate(entry.answer ?? '', 200))]),
        ),
      ].join('\n'),
    );
  return [
    `<section id="quality"><h2>Quality</h2>`,
    `<p class="note">Measured on the ${int(q.pairs)} kept pairs without any LLM call (the same numbers as manifest.json and <code>augcon eval</code>).</p>`,
    table([{ label: 'measure' }, { label: 'value' }, { label: 'how to read it' }], rows.map(([name, value, help]) => [e(name), e(value), e(help)])),
    `<h3>What the guards caught</h3>`,
    table([{ label: 'guard' }, { label: 'count', numeric: true }, { label: 'effect' }], guardRows.map(([name, count, help]) => [e(name), int(count), e(help)])),
    ...worst,
    `</section>`,
  ].join('\n');
}
