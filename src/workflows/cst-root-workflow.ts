/**
 * One root context: CST passes until the root has its quota of candidates or maxPasses is reached
 * (SPEC stage 1, "Quota"), then its outcome is recorded. Every pass samples with its own seeds.
 */
import { workflowInfo } from '@temporalio/workflow';
import { rootQuota, scaledRules } from '../domain/cst/rules';
import { shouldExpand } from '../domain/cst/stop-rules';
import type { RunSettings } from '../domain/run-input';
import type { RootRef } from '../store/run-store';
import { ioActivities } from './activity-proxies';
import { expandTree } from './expand-tree';
import { emptyTally, mergeTally, type Tally } from '../domain/tally';

export interface CstRootInput {
  runName: string;
  runSeed: number;
  root: RootRef;
  cst: RunSettings['cst'];
  orchestration: RunSettings['orchestration'];
}

export interface CstRootResult extends Tally {
  rootId: string;
  quota: number;
  passes: number;
}

export async function cstRootWorkflow(input: CstRootInput): Promise<CstRootResult> {
  const io = ioActivities();
  const root = await io.loadRoot({ runName: input.runName, rootId: input.root.rootId });
  const quota = rootQuota(root.chars, input.cst, root.lengthScale);
  const rules = scaledRules(input.cst, root.lengthScale);
  const tally = emptyTally();
  let passes = 0;

  if (shouldExpand(root.text, rules)) {
    for (let pass = 1; pass <= input.cst.maxPasses; pass += 1) {
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
      mergeTally(tally, await expandTree(spec, [{ path: '0', depth: 0, context: root.text }]));
      if (tally.candidates >= quota) break;
    }
  }

  await io.recordRootOutcome({
    runName: input.runName,
    outcome: { rootId: root.rootId, docId: root.docId, quota, candidates: tally.candidates, drops: tally.drops, passes, nodes: tally.nodes },
  });
  return { ...tally, rootId: root.rootId, quota, passes };
}
