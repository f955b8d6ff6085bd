/**
 * The run report as ONE self-contained HTML file: inline CSS, inline SVG charts and a few lines of
 * inline script (toggling tree nodes), nothing fetched from anywhere (its Content-Security-Policy
 * forbids it). Every text from the run goes through escapeHtml. The same data renders to the same
 * bytes: no clock, no locale, no random ids.
 */
import { NODE_MARKS, type NodeMark, type PassTree, type TreeNode } from './cst-tree';
import { escapeHtml, formatCost, formatDecimal, formatInteger, formatPercent, table, truncate } from './html';
import type { ReportData, RootReport, StageRow } from './report-model';
import { renderQualitySection } from './render-quality';
import { DROPPED_KEEP_HINTS } from '../ingest/dropped';
import { barChart, chartLegend } from './svg-chart';
import { REPORT_SCRIPT, REPORT_STYLE } from './report-assets';
import { savedTokens } from '../domain/tokens';

const MARK_LABELS: Record<NodeMark, string> = {
  kept: 'kept',
  duplicate: 'duplicate',
  'over-quota': 'over quota',
  dropped: 'dropped',
  unfiltered: 'not filtered',
};

const MARK_HELP: Record<NodeMark, string> = {
  kept: 'the filter kept the question: it goes to the answer stage',
  duplicate: 'ROUGE-L above the threshold against a kept question of the same root',
  'over-quota': "ranked below the root's quota",
  dropped: 'no question: the call failed or the reply was unusable',
  unfiltered: 'a question the filter has not ranked (no scorer, or not filtered yet)',
};

/** Question text shown inline on a node row (the full text is in its tooltip and details). */
const INLINE_QUESTION_CHARS = 160;
/** Rows of the roots-under-quota table before it says "and N more". */
const MAX_TABLE_ROWS = 500;

const e = escapeHtml;
const int = formatInteger;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

function number(label: string, value: string): string {
  return `<div><dt>${e(label)}</dt><dd>${value}</dd></div>`;
}

function markDescription(node: TreeNode): string {
  switch (node.mark) {
    case 'kept':
      return `kept${node.rank !== undefined ? `, rank ${int(node.rank)}` : ''}`;
    case 'duplicate':
      return `duplicate of ${node.duplicateOf ?? '?'}${node.rouge !== undefined ? ` (ROUGE-L ${formatDecimal(node.rouge, 3)})` : ''}`;
    case 'over-quota':
      return "over quota: ranked below the root's quota";
    case 'dropped':
      return `dropped: ${node.dropReason ?? 'unknown reason'}`;
    case 'unfiltered':
      return 'not filtered';
  }
}

function renderNode(node: TreeNode, scale: number): string {
  const hasChildren = node.children.length > 0;
  const classes = ['node', `mark-${node.mark}`, ...(hasChildren ? ['has-children'] : [])].join(' ');
  const width = formatDecimal(Math.min(100, (node.chars / scale) * 100), 1);
  const score = node.score !== undefined ? ` · ${formatDecimal(node.score, 3)}` : '';
  const tooltip = node.question ?? `dropped: ${node.dropReason ?? ''}${node.dropDetail ? ` (${node.dropDetail})` : ''}`;
  const inline = node.question !== undefined ? `<q>${e(truncate(node.question, INLINE_QUESTION_CHARS))}</q>` : `<em>${e(node.dropReason ?? 'dropped')}</em>`;
  const details: [string, string][] = [
    ['mark', e(markDescription(node))],
    ...(node.question !== undefined ? [['question', e(node.question)] as [string, string]] : []),
    ...(node.score !== undefined ? [['score', e(formatDecimal(node.score, 4))] as [string, string]] : []),
    ...(node.answer ? [['answer', node.answer.status === 'ok' ? e(node.answer.text ?? '') : '<em>the answer failed</em>'] as [string, string]] : []),
    ...(node.dropDetail ? [['why dropped', e(node.dropDetail)] as [string, string]] : []),
    ...(node.leafReason ? [['leaf', e(node.leafReason)] as [string, string]] : []),
    ['context', `${e(node.context)}`],
    ['size', `${int(node.chars)} characters · depth ${int(node.depth)} · ${int(node.attempts)} sample${node.attempts === 1 ? '' : 's'}`],
  ];
  return [
    `<li class="${classes}" role="treeitem"${hasChildren ? ' aria-expanded="false"' : ''} data-path="${e(node.path)}">`,
    `<div class="node-row" tabindex="0" title="${e(tooltip)}">`,
    `<span class="twisty"></span>`,
    `<span class="bar-track"><span class="bar" style="width:${width}%"></span></span>`,
    `<span class="node-label"><code>${e(node.path)}</code> ${int(node.chars)} ch · d${int(node.depth)} · <span class="mark-name">${e(MARK_LABELS[node.mark])}${e(score)}</span> ${inline}</span>`,
    `</div>`,
    `<div class="node-detail" hidden><dl>${details.map(([term, value]) => `<dt>${e(term)}</dt><dd>${value}</dd>`).join('')}</dl></div>`,
    hasChildren ? `<ul class="children" role="group" hidden>\n${node.children.map((child) => renderNode(child, scale)).join('\n')}\n</ul>` : '',
    `</li>`,
  ].join('');
}

function countMarks(trees: readonly PassTree[]): Record<NodeMark, number> {
  const counts: Record<NodeMark, number> = { kept: 0, duplicate: 0, 'over-quota': 0, dropped: 0, unfiltered: 0 };
  const visit = (node: TreeNode) => {
    counts[node.mark] += 1;
    node.children.forEach(visit);
  };
  for (const tree of trees) tree.nodes.forEach(visit);
  return counts;
}

function renderRoot(root: RootReport, scale: number, scorer: boolean): string {
  const marks = countMarks(root.trees);
  const chips = NODE_MARKS.filter((mark) => marks[mark] > 0)
    .map((mark) => `<span class="chip ${mark}" title="${e(MARK_LABELS[mark])}">${int(marks[mark])} ${e(MARK_LABELS[mark])}</span>`)
    .join('');
  const supply = scorer ? `${int(root.kept ?? 0)} kept of ${int(root.candidates)}` : `${int(root.candidates)} candidates`;
  const quota = root.quota !== undefined ? ` · quota ${int(root.quota)} · ${int(root.passes ?? 0)} pass${root.passes === 1 ? '' : 'es'}` : ' · not done';
  const passes = root.trees
    .map((tree) => {
      const nodes = tree.nodes.reduce(function count(sum: number, node: TreeNode): number {
        return node.children.reduce(count, sum + 1);
      }, 0);
      return `<div class="pass" data-pass="${tree.pass}"><div class="pass-label">Pass ${int(tree.pass)} · ${int(nodes)} node${nodes === 1 ? '' : 's'}</div><ul class="tree" role="tree">\n${tree.nodes
        .map((node) => renderNode(node, scale))
        .join('\n')}\n</ul></div>`;
    })
    .join('\n');
  return [
    `<details class="root" id="root-${root.seq}" data-root-id="${e(root.rootId)}">`,
    `<summary><span class="root-id">${e(root.rootId)}</span><span>${e(root.docId)} #${int(root.index)}</span><span>${int(root.chars)} characters</span><span>${e(supply)}${e(quota)}</span><span class="chips">${chips}</span>`,
    root.underQuota ? '<span class="badge">under quota</span>' : '',
    root.error !== undefined ? `<span class="badge" title="${e(root.error)}">failed</span>` : '',
    `</summary>`,
    `<div class="root-body">${passes || '<p class="note">No tree nodes stored for this root yet.</p>'}${root.error !== undefined ? `<p class="note">Root failed: ${e(root.error)}</p>` : ''}</div>`,
    `</details>`,
  ].join('');
}

function usageCells(stage: StageRow, pricesGiven: boolean): string[] {
  const usage = stage.usage;
  const cost = pricesGiven ? [stage.cost !== undefined ? e(formatCost(stage.cost)) : usage ? 'no price' : '—'] : [];
  return [usage ? int(usage.promptTokens) : '—', usage ? int(usage.completionTokens) : '—', usage ? int(usage.totalTokens) : '—', usage ? int(usage.paid.totalTokens) : '—', ...cost];
}

export function renderReport(data: ReportData): string {
  const { summary, manifest } = data;
  const scorer = data.settings.scorer;

  // Bars are scaled against the longest context drawn, so widths compare across roots.
  let scale = 1;
  for (const root of data.roots) {
    for (const tree of root.trees) {
      const stack = [...tree.nodes];
      while (stack.length > 0) {
        const node = stack.pop()!;
        scale = Math.max(scale, node.chars);
        stack.push(...node.children);
      }
    }
  }

  const meta = [
    `created ${e(data.createdAt)}`,
    ...(manifest?.finishedAt ? [`finished ${e(manifest.finishedAt)}`] : ['no manifest yet (run in progress, or not finalized)']),
    `seed ${int(data.settings.seed)}`,
    scorer ? 'scorer on' : 'scorer off',
    `config ${e(data.configHash.slice(0, 12))}`,
    ...(manifest?.workflowId ? [`workflow ${e(manifest.workflowId)}`] : []),
    ...(data.models.length > 0 ? [`model ${e(data.models.join(', '))}`] : []),
  ].join(' · ');

  const numbers = [
    number('documents', int(summary.documents)),
    number('roots', summary.rootsDone === summary.roots ? int(summary.roots) : `${int(summary.rootsDone)} / ${int(summary.roots)}`),
    number('tree nodes', int(summary.nodes)),
    number('candidates', int(summary.candidates)),
    ...(summary.filter ? [number('kept', int(summary.filter.kept))] : []),
    number('answered', `${int(summary.answers.answered)}${summary.answers.failed > 0 ? ` <small>(${int(summary.answers.failed)} failed)</small>` : ''}`),
    number('dropped nodes', int(summary.drops)),
    number('roots under quota', int(summary.rootsUnderQuota)),
    ...(summary.rootsFailed > 0 ? [number('roots failed', int(summary.rootsFailed))] : []),
    number('tokens', int(summary.tokens.totalTokens)),
    number('tokens paid', int(summary.tokens.paid.totalTokens)),
    ...(savedTokens(summary.tokens) > 0 ? [number('tokens saved by the cache', int(savedTokens(summary.tokens)))] : []),
    ...(summary.cost !== undefined ? [number('cost', e(formatCost(summary.cost)))] : []),
    ...(manifest?.durationSeconds !== undefined ? [number('duration', `${e(formatDecimal(manifest.durationSeconds, 1))} s`)] : []),
    ...(manifest?.heldOutAccuracy !== undefined ? [number('scorer held-out accuracy', e(formatPercent(manifest.heldOutAccuracy)))] : []),
    ...(manifest?.judgedAccuracy !== undefined ? [number('self-improvement judged accuracy', e(formatPercent(manifest.judgedAccuracy)))] : []),
    ...(manifest?.cache ? [number('LLM cache hits', `${int(manifest.cache.hits)} / ${int(manifest.cache.hits + manifest.cache.misses)}`)] : []),
    ...(manifest?.cache?.promptTokensSent
      ? [number('prompt tokens from the provider\'s prompt cache', `${int(manifest.cache.providerCachedPromptTokens ?? 0)} / ${int(manifest.cache.promptTokensSent)}`)]
      : []),
  ].join('');

  const legend = `<div class="legend">${NODE_MARKS.map((mark) => `<span title="${e(MARK_HELP[mark])}"><i class="swatch ${mark}"></i>${e(MARK_LABELS[mark])}</span>`).join('')}</div>`;
  const capNote =
    data.totalRoots > data.roots.length
      ? `<p class="note" id="tree-cap-note">Showing the first ${int(data.roots.length)} of ${int(data.totalRoots)} roots as trees; the charts and tables below cover every root.</p>`
      : '';
  const trees = [
    `<section id="trees"><h2>Context-Split-Trees</h2>`,
    `<p class="note">One tree per root and CST pass. Each bar is a node, its width proportional to the node's context length (the longest context drawn is the full width). Click a root to open it, click a node to show its children and its question, context and answer; hover a node for its question.</p>`,
    legend,
    `<p class="toolbar"><button type="button" data-action="expand-all">Expand all</button><button type="button" data-action="collapse-all">Collapse all</button></p>`,
    capNote,
    `<div id="roots">\n${data.roots.map((root) => renderRoot(root, scale, scorer)).join('\n')}\n</div>`,
    data.roots.length === 0 ? '<p class="note">The run has no roots yet.</p>' : '',
    `</section>`,
  ].join('\n');

  const basis = scorer ? 'kept pairs beside all candidates' : 'every candidate (the run has no scorer, so every candidate is answered)';
  const granularity = [
    `<section id="granularity"><h2>Granularity</h2>`,
    `<p class="note">Context length and tree depth of the ${e(basis)}: CST yields questions from whole-passage level down to single sentences.</p>`,
    `<div class="charts">`,
    `<div class="chart-box"><h3>Node context length</h3>${barChart(data.granularity.length, { id: 'chart-length', title: 'Node context length', xLabel: 'context length (characters)', yLabel: 'pairs' })}${chartLegend(data.granularity.length)}</div>`,
    `<div class="chart-box"><h3>Node depth</h3>${barChart(data.granularity.depth, { id: 'chart-depth', title: 'Node depth', xLabel: 'depth in the tree (0 = root context)', yLabel: 'pairs' })}${chartLegend(data.granularity.depth)}</div>`,
    `</div></section>`,
  ].join('\n');

  const filter = summary.filter;
  const scores = data.scores
    ? [
        `<section id="scores"><h2>Scores and the filter</h2>`,
        `<p class="note">Scorer scores of every ranked candidate and of those the filter kept (per root: best score first, no near-duplicates, up to the quota).</p>`,
        filter
          ? `<p>${int(filter.decided)} candidates ranked: <strong>${int(filter.kept)} kept</strong>, ${int(filter.duplicates)} duplicates, ${int(filter.overQuota)} over quota${
              manifest?.heldOutAccuracy !== undefined
                ? `; scorer held-out pairwise accuracy ${e(formatPercent(manifest.heldOutAccuracy))}${manifest.heldOutTriples !== undefined ? ` on ${int(manifest.heldOutTriples)} triples` : ''}${manifest.features ? ` (${e(manifest.features)} features)` : ''}`
                : ''
            }.</p>`
          : '',
        `<div class="chart-box">${barChart(data.scores, { id: 'chart-scores', title: 'Score distribution before and after the filter', xLabel: 'scorer score', yLabel: 'candidates' })}${chartLegend(data.scores)}</div>`,
        `</section>`,
      ].join('\n')
    : `<section id="scores"><h2>Scores and the filter</h2><p class="note">${scorer ? 'The filter has not ranked any candidate yet.' : 'The run has no scorer: every candidate goes to the answer stage.'}</p></section>`;

  const shownSeq = new Map(data.roots.map((root) => [root.rootId, root.seq]));
  const underRows = data.rootsUnderQuota.slice(0, MAX_TABLE_ROWS).map((row) => [
    shownSeq.has(row.rootId) ? `<a href="#root-${shownSeq.get(row.rootId)}">${e(row.rootId)}</a>` : e(row.rootId),
    e(row.docId),
    int(row.quota),
    int(row.candidates),
    ...(scorer ? [int(row.kept ?? 0)] : []),
    int(row.passes),
    e(row.error ?? ''),
  ]);
  const underQuota = [
    `<section id="under-quota"><h2>Roots under quota</h2>`,
    `<p class="note">Roots that ended with fewer ${scorer ? 'kept questions' : 'candidates'} than their quota (context length / ${int(data.settings.charsPerPair)} characters per pair) after at most ${int(data.settings.maxPasses)} CST passes.</p>`,
    data.rootsUnderQuota.length === 0
      ? '<p>None: every finished root met its quota.</p>'
      : table(
          [
            { label: 'root' },
            { label: 'document' },
            { label: 'quota', numeric: true },
            { label: 'candidates', numeric: true },
            ...(scorer ? [{ label: 'kept', numeric: true }] : []),
            { label: 'passes', numeric: true },
            { label: 'error' },
          ],
          underRows,
        ),
    data.rootsUnderQuota.length > MAX_TABLE_ROWS ? `<p class="note">and ${int(data.rootsUnderQuota.length - MAX_TABLE_ROWS)} more (see roots.jsonl).</p>` : '',
    `</section>`,
  ].join('\n');

  const drops = [
    `<section id="drops"><h2>Drops by reason</h2>`,
    data.dropsByReason.length === 0
      ? '<p>No node was dropped.</p>'
      : table(
          [{ label: 'reason' }, { label: 'nodes', numeric: true }, { label: 'tokens', numeric: true }, { label: 'example' }],
          data.dropsByReason.map((row) => [e(row.reason), int(row.count), int(row.usage.totalTokens), e(truncate(row.example ?? '', 200))]),
        ),
    `<h3>Why kept nodes have no children</h3>`,
    data.leavesByReason.length === 0
      ? '<p class="note">No leaf reasons recorded.</p>'
      : table([{ label: 'leaf reason' }, { label: 'nodes', numeric: true }], data.leavesByReason.map((row) => [e(row.reason), int(row.count)])),
    `<h3>Not kept as text at ingest</h3>`,
    Object.keys(data.droppedChars).length === 0
      ? '<p class="note">Every character the readers recognised was kept as text.</p>'
      : table(
          [{ label: 'reason' }, { label: 'characters', numeric: true }, { label: 'what keeps it' }],
          Object.entries(data.droppedChars).map(([reason, chars]) => [e(reason), int(chars ?? 0), e(DROPPED_KEEP_HINTS[reason as keyof typeof DROPPED_KEEP_HINTS])]),
        ),
    ...(summary.diagnostics.errors + summary.diagnostics.warnings > 0
      ? [`<p class="note">Ingest: ${int(summary.diagnostics.errors)} errors and ${int(summary.diagnostics.warnings)} warnings (see diagnostics.jsonl).</p>`]
      : []),
    `</section>`,
  ].join('\n');

  const priceHeaders = data.pricesGiven ? [{ label: 'cost', numeric: true }] : [];
  const total: StageRow = { stage: 'Total', unit: '', items: 0, usage: summary.tokens, ...(summary.cost !== undefined ? { cost: summary.cost } : {}) };
  const manifestNote =
    manifest?.tokens !== undefined
      ? `<p class="note">manifest.json records ${int(manifest.tokens.totalTokens)} tokens${
          manifest.tokensByStage
            ? ` (${Object.keys(manifest.tokensByStage)
                .sort()
                .map((stage) => `${e(stage)} ${int(manifest.tokensByStage![stage]!.totalTokens)}`)
                .join(', ')})`
            : ''
        }, ${int(manifest.tokens.paid.totalTokens)} of them paid; the table counts every row in the store. A reply the response cache had from another run keeps its tokens but is not paid for: cost counts paid tokens only.</p>`
      : '';
  const tokens = [
    `<section id="tokens"><h2>Tokens and cost per stage</h2>`,
    table(
      [{ label: 'stage' }, { label: 'items', numeric: true }, { label: 'prompt tokens', numeric: true }, { label: 'completion tokens', numeric: true }, { label: 'total tokens', numeric: true }, { label: 'paid tokens', numeric: true }, ...priceHeaders, { label: 'note' }],
      [
        ...data.stages.map((stage) => [e(stage.stage), `${int(stage.items)} ${e(stage.unit)}`, ...usageCells(stage, data.pricesGiven), e(stage.note ?? '')]),
        [`<strong>Total</strong>`, '', ...usageCells(total, data.pricesGiven), ''],
      ],
    ),
    data.pricesGiven
      ? `<p class="note">Cost at ${data.priceSource === 'run budget' ? "the prices of the run's budget settings" : 'the prices given to the report'} (US dollars per million prompt and completion tokens).</p>`
      : '<p class="note">No prices: give <code>augcon report --input-price &lt;usd&gt; --output-price &lt;usd&gt;</code> (per million tokens) or <code>--prices &lt;file&gt;</code> (per model) to see cost.</p>',
    manifestNote,
    `</section>`,
  ].join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="generator" content="augcon report">',
    `<title>augcon run report: ${e(data.runName)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>augcon run <span class="run-name" id="run-name">${e(data.runName)}</span></h1><p class="meta">${meta}</p><dl class="numbers">${numbers}</dl></header>`,
    '<nav><a href="#trees">Trees</a><a href="#granularity">Granularity</a><a href="#scores">Scores</a><a href="#under-quota">Under quota</a><a href="#drops">Drops</a><a href="#quality">Quality</a><a href="#tokens">Tokens and cost</a></nav>',
    '<main>',
    trees,
    granularity,
    scores,
    underQuota,
    drops,
    renderQualitySection(data.quality, data.guards),
    tokens,
    '</main>',
    `<footer>Written by <code>augcon report</code> from the run store${manifest ? ' and manifest.json' : ''}. ${int(data.totalRoots)} roots, ${int(summary.rootChars)} root characters.</footer>`,
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
