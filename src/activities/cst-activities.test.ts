import { CstSettingsSchema } from '../domain/cst/rules';
import type { ChatResponse } from '../llm/provider';
import { answerCstPrompt, formatCstReply } from '../standin/cst-responder';
import { openSqliteRunStore, type SqliteRunStore } from '../store/sqlite-run-store';
import type { CstSubtreeInput } from './contracts';
import { createCstActivities } from './cst-activities';
import type { StructuredChatRequest } from './structured-chat';

const RUN = 'run-subtree';
const SENTENCES = Array.from({ length: 16 }, (_, index) => `Pump ${index + 1} starts at ${index + 6} in the morning and stops when tank ${index + 1} is full.`);

describe('expandCstSubtree', () => {
  let store: SqliteRunStore;
  let calls: string[];
  beforeEach(async () => {
    store = openSqliteRunStore(':memory:');
    await store.putRun({ runName: RUN, configHash: 'h', settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z' });
    calls = [];
  });
  afterEach(async () => store.close());

  /** The stand-in's deterministic split, as a JSON reply, one call recorded per sample. */
  const structuredChat = async (request: StructuredChatRequest): Promise<ChatResponse> => {
    const split = answerCstPrompt(request.messages('json'), request.seed);
    if (!split) throw new Error('not a CST prompt');
    calls.push(split.description.context);
    return { text: formatCstReply(split, 'json'), model: 'double', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } };
  };
  const activities = (responseCache: boolean) => createCstActivities({ store, structuredChat, responseCache });
  const input = (maxNodes: number): CstSubtreeInput => ({
    runName: RUN,
    runSeed: 3,
    root: { rootId: 'r1', docId: 'd1', script: 'latin', lengthScale: 3 },
    pass: 1,
    nodes: [{ path: '0', depth: 0, context: SENTENCES.join(' ') }],
    maxNodes,
    cst: CstSettingsSchema.parse({}),
  });

  it('expands at most maxNodes nodes, stores each one and returns the sub-contexts it did not begin', async () => {
    const result = await activities(true).expandCstSubtree(input(5));
    expect(result.nodes).toBe(5);
    expect(calls).toHaveLength(5);
    const stored = [...(await store.listRootCandidates(RUN, 'r1')).map((row) => row.path), ...(await store.listDrops(RUN)).map((row) => row.path)];
    expect(stored).toHaveLength(5);
    expect(stored).toContain('0');
    expect(result.candidates + result.drops).toBe(5);
    expect(result.frontier.length).toBeGreaterThan(0);
    expect(result.frontier.map((node) => node.path)).toEqual([...result.frontier.map((node) => node.path)].sort());
    for (const node of result.frontier) expect(stored).not.toContain(node.path);
  });

  it('expands the start nodes only when no response cache would answer a retry', async () => {
    const result = await activities(false).expandCstSubtree(input(16));
    expect(result.nodes).toBe(1);
    expect(calls).toHaveLength(1);
    expect(result.frontier.map((node) => node.path)).toEqual(['0.1', '0.2']);
  });

  it('asks the same requests on a retry, so the response cache can answer them', async () => {
    const first = await activities(true).expandCstSubtree(input(7));
    const firstCalls = [...calls].sort();
    calls = [];
    const again = await activities(true).expandCstSubtree(input(7));
    expect(again).toEqual(first);
    expect([...calls].sort()).toEqual(firstCalls);
  });
});
