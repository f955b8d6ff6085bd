/**
 * The LLM side of Context-Split-Tree. expandCstNode is one LLM sample for one tree node: it builds the
 * prompt, calls the provider (classified failures, heartbeats, cancellation), parses the reply, applies
 * the stop rules and writes the candidate or drop row (an upsert). expandCstSubtree expands a small
 * subtree with it in one activity (docs/decisions/0011).
 */
import type { CstExample } from '../domain/cst/examples';
import { buildCstMessages, CST_JSON_SCHEMA, type InstructionStrength } from '../domain/cst/prompt';
import { parseCstReply } from '../domain/cst/parse';
import { scaledRules } from '../domain/cst/rules';
import { sampleSeed } from '../domain/cst/seed';
import { decideNode } from '../domain/cst/stop-rules';
import { addUsage, zeroUsage } from '../domain/tokens';
import { replyUsage, type ChatResponse } from '../llm/provider';
import type { RunStore } from '../store/run-store';
import { childNodes, type CstNodeTask } from '../domain/cst/tree-node';
import { countDecidedNode, countDeferredNode } from '../domain/tally';
import { isDeferredToBatch } from '../domain/llm-errors';
import type { CstNodeInput, CstNodeResult, CstSubtreeInput, CstSubtreeResult, NodeFailureInput } from './contracts';
import type { StructuredChat } from './structured-chat';

export type { StructuredOutputMode } from './structured-chat';

export interface CstActivityDeps {
  store: RunStore;
  /** Shared by every LLM activity of the worker, so one rejection of JSON-schema output switches them all. */
  structuredChat: StructuredChat;
  /**
   * Whether the worker's response cache (llm.cache) answers a repeated request. A retried subtree
   * activity starts again from its start nodes and relies on it for the calls already made; without
   * it, a subtree activity expands its start nodes only, so no finished call is paid twice.
   */
  responseCache: boolean;
}

export const languageOf = (script: CstNodeInput['script']) => (script === 'cjk' ? 'zh' : 'en');

/** One CST prompt to sample: the node's context and, for the scorer's negatives, a weakened prompt. */
export interface SampleInput {
  runName: string;
  context: string;
  script: CstNodeInput['script'];
  cst: CstNodeInput['cst'];
  seed: number;
  instruction?: InstructionStrength;
  examples?: readonly CstExample[];
  heartbeat?: unknown;
}

export function createCstActivities(deps: CstActivityDeps) {
  /** One CST sample: JSON-schema output where the endpoint takes it, the text format otherwise. */
  function sampleWithFallback(input: SampleInput): Promise<ChatResponse> {
    return deps.structuredChat({
      messages: (format) =>
        buildCstMessages({
          context: input.context,
          language: languageOf(input.script),
          format,
          instruction: input.instruction,
          customInstruction: input.cst.instruction,
          examples: input.examples ?? input.cst.examples,
        }),
      jsonSchema: CST_JSON_SCHEMA,
      temperature: input.cst.temperature,
      maxTokens: input.cst.maxTokens,
      seed: input.seed,
      runName: input.runName,
      heartbeat: input.heartbeat,
    });
  }

  async function expandCstNode(input: CstNodeInput): Promise<CstNodeResult> {
    const response = await sampleWithFallback({
      runName: input.runName,
      context: input.context,
      script: input.script,
      cst: input.cst,
      seed: sampleSeed({ runSeed: input.runSeed, rootId: input.rootId, pass: input.pass, path: input.path, attempt: input.attempt }),
      heartbeat: { rootId: input.rootId, path: input.path, attempt: input.attempt },
    });
    const usage = addUsage(input.usageSoFar, replyUsage(response));
    const attempts = input.attempt + 1;
    const node = { rootId: input.rootId, docId: input.docId, pass: input.pass, path: input.path, depth: input.depth, context: input.context };
    const createdAt = new Date().toISOString();

    const parsed = parseCstReply(response.text);
    if (!parsed.ok) {
      if (input.attempt < input.cst.maxParseRetries) return { kind: 'retry', reason: parsed.reason, usage };
      const reason = 'unparseable-reply';
      const detail = `${attempts} samples could not be parsed; last: ${parsed.reason}`;
      await deps.store.putDrop(input.runName, { ...node, stage: 'cst', reason, detail, attempts, usage, createdAt });
      return { kind: 'dropped', reason, usage };
    }

    const locale = languageOf(input.script);
    const decision = decideNode(input.context, parsed.value, input.depth, scaledRules(input.cst, input.lengthScale), locale);
    if (decision.kind === 'drop') {
      // A statement instead of a question is a bad sample, not a bad node: sample again while retries remain.
      if (decision.reason === 'not-a-question' && input.attempt < input.cst.maxParseRetries) return { kind: 'retry', reason: decision.detail, usage };
      await deps.store.putDrop(input.runName, { ...node, stage: 'cst', reason: decision.reason, detail: decision.detail, attempts, usage, createdAt });
      return { kind: 'dropped', reason: decision.reason, usage };
    }
    await deps.store.putCandidate(input.runName, {
      ...node,
      question: parsed.value.question,
      model: response.model,
      usage,
      attempts,
      leafReason: decision.leafReason,
      grounding: decision.grounding,
      createdAt,
    });
    return { kind: 'kept', children: decision.children, leafReason: decision.leafReason, usage };
  }

  /**
   * Expands `input.nodes` and their descendants, siblings at once, up to `input.maxNodes` nodes; each
   * node's samples (parse retries included) are seeded by root, pass, path and attempt, and its row is
   * stored as it is decided. A retry of the activity asks the same requests again and the response
   * cache answers those already made. In batch mode a node whose call is deferred is counted in
   * `deferred` and left out (no row): the pass runs again once the batch's replies are stored.
   */
  async function expandCstSubtree(input: CstSubtreeInput): Promise<CstSubtreeResult> {
    let budget = (deps.responseCache ? Math.max(input.maxNodes, input.nodes.length) : input.nodes.length) - input.nodes.length;
    const result: CstSubtreeResult = { nodes: 0, candidates: 0, drops: 0, parseRetries: 0, usage: zeroUsage(), frontier: [] };

    async function expand(node: CstNodeTask): Promise<void> {
      let usageSoFar = zeroUsage();
      for (let attempt = 0; ; attempt += 1) {
        let sample: CstNodeResult;
        try {
          sample = await expandCstNode({ runName: input.runName, runSeed: input.runSeed, ...input.root, pass: input.pass, ...node, attempt, usageSoFar, cst: input.cst });
        } catch (error) {
          // Batch mode: the node waits for the run's next batch; its siblings go on.
          if (!isDeferredToBatch(error)) throw error;
          countDeferredNode(result);
          return;
        }
        if (sample.kind === 'retry') {
          usageSoFar = sample.usage;
          result.parseRetries += 1;
          continue;
        }
        countDecidedNode(result, sample.kind, sample.usage);
        if (sample.kind === 'dropped') return;
        const now: CstNodeTask[] = [];
        for (const child of childNodes(node, sample.children)) {
          if (budget > 0) {
            budget -= 1;
            now.push(child);
          } else {
            result.frontier.push(child);
          }
        }
        await Promise.all(now.map(expand));
        return;
      }
    }

    await Promise.all(input.nodes.map(expand));
    result.frontier.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return result;
  }

  async function recordNodeFailure(input: NodeFailureInput): Promise<void> {
    await deps.store.putDrop(input.runName, {
      rootId: input.rootId,
      docId: input.docId,
      pass: input.pass,
      path: input.path,
      depth: input.depth,
      context: input.context,
      stage: 'cst',
      reason: 'llm-call-failed',
      detail: `${input.errorType}: ${input.message}`,
      attempts: input.attempts,
      usage: input.usage,
      createdAt: new Date().toISOString(),
    });
  }

  return { expandCstNode, expandCstSubtree, recordNodeFailure, sampleWithFallback };
}
