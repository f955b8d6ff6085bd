/**
 * Shows a run's progress from its `progress` query: a bar on a terminal, a line every few seconds
 * otherwise (CI logs), nothing with --json or --quiet.
 */
import { SingleBar } from 'cli-progress';
import type { RunProgress } from '../workflows';

export interface ProgressView {
  /** `retrying`: the line about the LLM calls Temporal retries (retrying-calls-summary.ts), while there are any. */
  update(progress: RunProgress, retrying?: string): void;
  stop(): void;
  /** False when nothing is shown (--json, --quiet): the caller then need not ask for what it would show. */
  readonly shown: boolean;
}

const details = (p: RunProgress, retrying: string | undefined) => ({
  stage: p.stage,
  nodes: p.nodes,
  inFlight: p.roots.inFlight,
  questions: p.candidates,
  drops: p.drops,
  tokens: tokensSoFar(p),
  retrying: retrying ? ` | ${retrying}` : '',
});

/** "5200 (1300 paid)": the tokens of the replies so far, and the part the run paid for when the cache saved some (what the budget counts). */
const tokensSoFar = (p: RunProgress): string =>
  p.tokens.paid.totalTokens === p.tokens.totalTokens ? String(p.tokens.totalTokens) : `${p.tokens.totalTokens} (${p.tokens.paid.totalTokens} paid)`;

/** The progress lines; `retrying` (the retried LLM calls, when there are any) comes last. */
export function describeProgress(p: RunProgress, retrying?: string): string {
  const line = `${p.stage}: roots ${p.roots.done}/${p.roots.total} (${p.roots.inFlight} in flight, ${p.roots.failed} failed), nodes ${p.nodes}, questions ${p.candidates}, drops ${p.drops}, tokens ${tokensSoFar(p)}`;
  return [line, ...stageDetails(p), ...(retrying ? [retrying] : [])].join('\n  ');
}

/** What the current stage is doing, beyond the root counts. */
function stageDetails(p: RunProgress): string[] {
  const details: string[] = [];
  if (p.control?.paused) details.push(`PAUSED: ${p.control.pauseReason ?? 'paused'}`);
  if (p.control?.stopping) details.push('STOPPING: work in flight finishes, then what is done is exported');
  if (p.pass && p.pass.current > 1) {
    details.push(`CST pass ${p.pass.current} of at most ${p.pass.max}: ${p.pass.rootsRepassedDone}/${p.pass.rootsRepassed} roots under quota expanded again`);
  }
  const batch = p.batch ?? p.scorer?.batch ?? p.answers?.batch;
  if (batch) details.push(`waiting for batch ${batch.batch} (${batch.id}, sent ${new Date(batch.submittedAtMs).toISOString()}): ${batch.status}, ${batch.completed}/${batch.requests} requests done`);
  if (p.scorer) {
    const { phase, negatives, rootsFiltered } = p.scorer;
    details.push(
      `scorer: ${phase}; negatives ${negatives.done}/${negatives.planned} (${negatives.failed} failed), roots filtered ${rootsFiltered}/${p.roots.total}`,
    );
  }
  if (p.answers) {
    const { phase, examples, rootsDone, answered, failed } = p.answers;
    details.push(
      `answers: ${phase}; examples judged ${examples.traced}/${examples.planned} (${examples.passed} passed), roots ${rootsDone}/${p.roots.total}, ${answered} answered, ${failed} failed`,
    );
  }
  return details;
}

export function createProgressView(stream: NodeJS.WriteStream, enabled: boolean): ProgressView {
  if (!enabled) return { update: () => undefined, stop: () => undefined, shown: false };
  if (!stream.isTTY) {
    let last = 0;
    return {
      update(progress, retrying) {
        if (Date.now() - last < 5000) return;
        last = Date.now();
        stream.write(`${describeProgress(progress, retrying)}\n`);
      },
      stop: () => undefined,
      shown: true,
    };
  }
  const bar = new SingleBar(
    {
      stream,
      format: '{stage} |{bar}| roots {value}/{total} | {inFlight} in flight | nodes {nodes} | questions {questions} | drops {drops} | tokens {tokens}{retrying}',
      hideCursor: true,
      clearOnComplete: false,
    },
  );
  let started = false;
  return {
    update(progress, retrying) {
      if (!started) {
        bar.start(Math.max(progress.roots.total, 1), progress.roots.done, details(progress, retrying));
        started = true;
      }
      bar.setTotal(Math.max(progress.roots.total, 1));
      bar.update(progress.roots.done, details(progress, retrying));
    },
    stop() {
      if (started) bar.stop();
    },
    shown: true,
  };
}
