/**
 * One root context's CST passes, then its recorded outcome. Every pass samples with its own seeds.
 * - Without the scorer: passes until the root has its quota of candidates or maxPasses is reached.
 * - With `onlyPass`: exactly that pass; the run filters between passes (SPEC stage 1, "Quota") and
 *   sends the roots still under quota back with what their earlier passes produced (`previous`).
 */
import { workflowInfo } from '@temporalio/workflow';
import { scaledRules } from '../domain/cst/rules';
import { isUnderQuota, rootQuota } from '../domain/quota';
import { shouldExpand } from '../domain/cst/stop-rules';
import type { RunSettings } from '../domain/run-input';
import type { RootOutcomeRow, RootRef } from '../store/run-store';
import { ioActivities } from './activity-proxies';
import { expandTree } from './expand-tree';
import { emptyTally, mergeTally, type Tally } from '../domain/tally';
import { GracefulStop } from './graceful-stop';

export interface CstRootInput {
  runName: string;
  runSeed: number;
  root: RootRef;
  cst: RunSettings['cst'];
  orchestration: RunSettings['orchestration'];
  onlyPass?: number;
  previous?: Pick<RootOutcomeRow, 'candidates' | 'drops' | 'nodes'>;
}

export interface CstRootResult extends Tally {
  rootId: string;
  quota: number;
  passes: number;
}

export async function cstRootWorkflow(input: CstRootInput): Promise<CstRootResult> {
  const io = ioActivities();
  const stop = GracefulStop.listening();
  const root = await io.loadRoot({ runName: input.runName, rootId: input.root.rootId });
  const quota = rootQuota(root.chars, input.cst, root.lengthScale);
  const rules = scaledRules(input.cst, root.lengthScale);
  const tally = emptyTally();
  let passes = 0;

  const firstPass = input.onlyPass ?? 1;
  const lastPass = input.onlyPass ?? input.cst.maxPasses;
  if (shouldExpand(root.text, rules)) {
    for (let pass = firstPass; pass <= lastPass; pass += 1) {
      passes = pass;
      const spec = {
        runName: input.runName,
        runSeed: input.runSeed,
        rootWorkflowId: workflowInfo().workflowId,
        root: { rootId: root.rootId, docId: root.docId, script: root.script, lengthScale: root.lengthScale },
        pass,
        cst: input.cst,
        orchestration: input.orchestration,
      };
      mergeTally(tally, await expandTree(spec, [{ path: '0', depth: 0, context: root.text }], stop));
      // Batch mode: a pass with nodes waiting for a batch is not finished, so no later pass starts yet.
      if (tally.deferred || !isUnderQuota(tally.candidates, quota)) break;
    }
  }

  const previous = input.previous ?? { candidates: 0, drops: 0, nodes: 0 };
  await io.recordRootOutcome({
    runName: input.runName,
    outcome: {
      rootId: root.rootId,
      docId: root.docId,
      quota,
      candidates: previous.candidates + tally.candidates,
      drops: previous.drops + tally.drops,
      passes: input.onlyPass ?? passes,
      nodes: previous.nodes + tally.nodes,
    },
  });
  return { ...tally, rootId: root.rootId, quota, passes: input.onlyPass ?? passes };
}
