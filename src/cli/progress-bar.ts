/**
 * Shows a run's progress from its `progress` query: a bar on a terminal, a line every few seconds
 * otherwise (CI logs), nothing with --json or --quiet.
 */
import { SingleBar } from 'cli-progress';
import type { RunProgress } from '../workflows';

export interface ProgressView {
  update(progress: RunProgress): void;
  stop(): void;
}

const details = (p: RunProgress) => ({
  stage: p.stage,
  nodes: p.nodes,
  inFlight: p.roots.inFlight,
  questions: p.candidates,
  drops: p.drops,
  tokens: p.tokens.totalTokens,
});

export function describeProgress(p: RunProgress): string {
  const line = `${p.stage}: roots ${p.roots.done}/${p.roots.total} (${p.roots.inFlight} in flight, ${p.roots.failed} failed), nodes ${p.nodes}, questions ${p.candidates}, drops ${p.drops}, tokens ${p.tokens.totalTokens}`;
  return [line, ...stageDetails(p)].join('\n  ');
}

/** What the current stage is doing, beyond the root counts. */
function stageDetails(p: RunProgress): string[] {
  const details: string[] = [];
  if (p.control?.paused) details.push(`PAUSED: ${p.control.pauseReason ?? 'paused'}`);
  if (p.control?.stopping) details.push('STOPPING: work in flight finishes, then what is done is exported');
  if (p.pass && p.pass.current > 1) {
    details.push(`CST pass ${p.pass.current} of at most ${p.pass.max}: ${p.pass.rootsRepassedDone}/${p.pass.rootsRepassed} roots under quota expanded again`);
  }
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
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  if (!stream.isTTY) {
    let last = 0;
    return {
      update(progress) {
        if (Date.now() - last < 5000) return;
        last = Date.now();
        stream.write(`${describeProgress(progress)}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    {
      stream,
      format: '{stage} |{bar}| roots {value}/{total} | {inFlight} in flight | nodes {nodes} | questions {questions} | drops {drops} | tokens {tokens}',
      hideCursor: true,
      clearOnComplete: false,
    },
  );
  let started = false;
  return {
    update(progress) {
      if (!started) {
        bar.start(Math.max(progress.roots.total, 1), progress.roots.done, details(progress));
        started = true;
      }
      bar.setTotal(Math.max(progress.roots.total, 1));
      bar.update(progress.roots.done, details(progress));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
