/**
 * Expands Context-Split-Tree nodes. Each node starts an expandCstSubtree activity that expands it and
 * its descendants up to `nodesPerActivity` nodes and returns the sub-contexts it left (its frontier),
 * each of which starts the next one. A subtree activity that fails for good is done again one node per
 * activity (expandCstNode), so only the failing node is recorded as failed. A workflow expands up to
 * `nodesPerWorkflow` nodes itself and hands the remaining subtrees to cstSubtreeWorkflow children, so
 * every history stays small and pending children stay few however deep or wide a tree grows.
 */
import { isCancellation, startChild } from '@temporalio/workflow';
import type { CstSettings } from '../domain/cst/rules';
import type { RunSettings } from '../domain/run-input';
import { addUsage, zeroUsage } from '../domain/tokens';
import type { Script } from '../store/run-store';
import { cstSubtreeActivities, ioActivities, llmActivities, FATAL_LLM_ERRORS } from './activity-proxies';
import { rootFailureMessage, rootFailureType } from './failures';
import { addNodeCounts, countDecidedNode, countDeferredNode, emptyTally, mergeTally, type Tally } from '../domain/tally';
import { isDeferredToBatch } from '../domain/llm-errors';
import type { cstSubtreeWorkflow } from './cst-subtree-workflow';
import type { GracefulStop } from './graceful-stop';
import type { CstSubtreeResult } from '../activities/contracts';
import { childNodes, type CstNodeTask } from '../domain/cst/tree-node';

export interface TreeSpec {
  runName: string;
  runSeed: number;
  /** Child workflow ids are derived from it: `<rootWorkflowId>/p<pass>/<node path>`. */
  rootWorkflowId: string;
  root: { rootId: string; docId: string; script: Script; lengthScale: number };
  pass: number;
  cst: CstSettings;
  orchestration: RunSettings['orchestration'];
}

/** After a graceful `stop`, nothing is retried; a node whose call the stop cancelled is counted in `stoppedCalls`. */
export async function expandTree(spec: TreeSpec, start: CstNodeTask[], stop: GracefulStop): Promise<Tally> {
  const llm = llmActivities(spec.orchestration);
  const subtrees = cstSubtreeActivities(spec.orchestration);
  const io = ioActivities();
  const tally = emptyTally();
  let budget = spec.orchestration.nodesPerWorkflow - start.length;
  let pendingChildren = 0;

  async function sampleNode(node: CstNodeTask) {
    let usage = zeroUsage();
    for (let attempt = 0; ; attempt += 1) {
      const input = { runName: spec.runName, runSeed: spec.runSeed, ...spec.root, pass: spec.pass, ...node, attempt, usageSoFar: usage, cst: spec.cst };
      try {
        const result = await stop.call(llm, (calls) => calls.expandCstNode(input));
        if (result.kind !== 'retry') return result;
        usage = result.usage;
        tally.parseRetries += 1;
      } catch (error) {
        if (stop.ended(error)) return { kind: 'stopped' as const, usage };
        if (isDeferredToBatch(error)) return { kind: 'deferred' as const, usage };
        const type = rootFailureType(error) ?? 'LlmCallFailed';
        if (isCancellation(error) || FATAL_LLM_ERRORS.includes(type)) throw error;
        await io.recordNodeFailure({
          runName: spec.runName,
          ...spec.root,
          pass: spec.pass,
          ...node,
          attempts: attempt + 1,
          errorType: type,
          message: rootFailureMessage(error),
          usage,
        });
        return { kind: 'dropped' as const, reason: 'llm-call-failed', usage };
      }
    }
  }

  async function delegate(parentPath: string, nodes: CstNodeTask[]): Promise<void> {
    pendingChildren += 1;
    tally.childWorkflows += 1;
    tally.maxPendingChildren = Math.max(tally.maxPendingChildren, pendingChildren);
    try {
      const subtree = await stop.child(
        startChild<typeof cstSubtreeWorkflow>('cstSubtreeWorkflow', {
          workflowId: `${spec.rootWorkflowId}/p${spec.pass}/${parentPath}`,
          args: [{ spec, nodes }],
        }),
      );
      mergeTally(tally, subtree);
    } finally {
      pendingChildren -= 1;
    }
  }

  /** The subtree below `node` in one activity; undefined when it failed for good (not fatally). */
  async function expandSubtree(node: CstNodeTask, maxNodes: number): Promise<CstSubtreeResult | 'stopped' | undefined> {
    const input = { runName: spec.runName, runSeed: spec.runSeed, root: spec.root, pass: spec.pass, nodes: [node], maxNodes, cst: spec.cst };
    try {
      return await stop.call(subtrees, (calls) => calls.expandCstSubtree(input));
    } catch (error) {
      if (stop.ended(error)) return 'stopped';
      const type = rootFailureType(error) ?? 'LlmCallFailed';
      if (isCancellation(error) || FATAL_LLM_ERRORS.includes(type)) throw error;
      return undefined;
    }
  }

  /** Every node of the workflow's share is reserved before its activity starts, and the unused part given back. */
  function reserve(): number {
    const granted = Math.max(1, Math.min(spec.orchestration.nodesPerActivity, budget + 1));
    budget -= granted - 1;
    return granted;
  }

  function continueWith(children: CstNodeTask[], parentPath: string): Promise<unknown> {
    const inline: CstNodeTask[] = [];
    const delegated: CstNodeTask[] = [];
    for (const child of children) {
      if (budget > 0) {
        budget -= 1;
        inline.push(child);
      } else {
        delegated.push(child);
      }
    }
    return Promise.all([...inline.map(expand), ...(delegated.length > 0 ? [delegate(parentPath, delegated)] : [])]);
  }

  async function expand(node: CstNodeTask): Promise<void> {
    const granted = reserve();
    const subtree = await expandSubtree(node, granted);
    if (subtree === 'stopped') {
      budget += granted - 1;
      tally.stoppedCalls = (tally.stoppedCalls ?? 0) + 1;
      return;
    }
    if (subtree !== undefined) {
      budget += granted - subtree.nodes;
      addNodeCounts(tally, subtree);
      await continueWith(subtree.frontier, node.path);
      return;
    }
    budget += granted - 1;
    // After a stop nothing is retried, so a subtree that failed is not done again node by node.
    if (stop.stopped) {
      tally.stoppedCalls = (tally.stoppedCalls ?? 0) + 1;
      return;
    }
    await expandOneNode(node);
  }

  /** One node in its own activity (a subtree that failed for good is done again this way). */
  async function expandOneNode(node: CstNodeTask): Promise<void> {
    const result = await sampleNode(node);
    if (result.kind === 'stopped' || result.kind === 'deferred') {
      if (result.kind === 'stopped') tally.stoppedCalls = (tally.stoppedCalls ?? 0) + 1;
      else countDeferredNode(tally);
      tally.usage = addUsage(tally.usage, result.usage);
      return;
    }
    countDecidedNode(tally, result.kind, result.usage);
    if (result.kind === 'dropped') return;
    await continueWith(childNodes(node, result.children), node.path);
  }

  await Promise.all(start.map(expand));
  return tally;
}
