import type { RunSummary } from '../activities/contracts';
import { formatSummary, tokensLine } from './format-summary';

const usage = (totalTokens: number) => ({ promptTokens: totalTokens, completionTokens: 0, totalTokens, paid: { promptTokens: totalTokens, completionTokens: 0, totalTokens } });

function summary(filter: RunSummary['filter'], version?: RunSummary['version']): RunSummary {
  return {
    runName: 'wiki-20261204T030000Z',
    runDirectory: '/data/runs/wiki-20261204T030000Z',
    documents: 50,
    roots: 50,
    candidates: 13,
    drops: 0,
    diagnostics: { errors: 0, warnings: 0 },
    rootsUnderQuota: 0,
    rootsFailed: 0,
    tokens: usage(900),
    tokensByStage: { contextSplitTree: usage(900), scorerNegatives: usage(0), selfImprovement: usage(0), answers: usage(0) },
    durationSeconds: 4,
    llmCache: { hits: 0, misses: 13, savedTokens: 0, promptTokensSent: 4000, providerCachedPromptTokens: 3100 },
    ...(filter ? { filter } : {}),
    ...(version ? { version } : {}),
  };
}

const scorerLine = (text: string) => text.split('\n').find((line) => line.startsWith('  scorer '));

describe('formatSummary', () => {
  it('says a refresh reused the scorer of the earlier version, with its figures, instead of "0 triples"', () => {
    const text = formatSummary(
      summary(
        { kept: 10, duplicates: 1, overQuota: 2, heldOutAccuracy: 0.95, heldOutTriples: 0, triples: 0, features: 'offline', reusedFrom: 'wiki-20261203T030000Z', reusedTriples: 249 },
        { dataset: 'wiki', version: 2, previousVersion: 1, documents: { new: [], changed: ['a.md'], deleted: [], unchanged: 49 }, pairs: { added: 3, removed: 2, kept: 8 }, carriedRoots: 49 },
      ),
      'http://localhost:8233/namespaces/default/workflows/wiki',
    );
    expect(scorerLine(text)).toBe(
      '  scorer           reused from v1 (run wiki-20261203T030000Z, trained there on 249 triples; none made in this run), offline features, held-out pairwise accuracy 0.950 at its training',
    );
    expect(text).not.toContain('0 triples');
  });

  it('names the earlier run alone when its triples are not at hand', () => {
    const text = formatSummary(summary({ kept: 1, duplicates: 0, overQuota: 0, heldOutAccuracy: 0.8, heldOutTriples: 0, triples: 0, features: 'offline', reusedFrom: 'wiki-v1' }), 'u');
    expect(scorerLine(text)).toBe('  scorer           reused from an earlier version (run wiki-v1; none made in this run), offline features, held-out pairwise accuracy 0.800 at its training');
  });

  it('gives the triples and held-out accuracy of a scorer trained in the run', () => {
    const text = formatSummary(summary({ kept: 95, duplicates: 18, overQuota: 136, heldOutAccuracy: 1, heldOutTriples: 25, triples: 249, features: 'offline' }), 'u');
    expect(scorerLine(text)).toBe('  scorer           249 triples, offline features, held-out pairwise accuracy 1.000 on 25');
  });

  it("names the prompt tokens the provider's prompt cache served, only when it reported any", () => {
    const cacheLine = (text: string) => text.split('\n').find((line) => line.startsWith('  LLM cache '));
    expect(cacheLine(formatSummary(summary(undefined), 'u'))).toBe("  LLM cache        0 hits, 13 calls made; the provider's prompt cache served 3100 of their 4000 prompt tokens");
    const none = { ...summary(undefined), llmCache: { hits: 2, misses: 13, savedTokens: 0, promptTokensSent: 4000, providerCachedPromptTokens: 0 } };
    expect(cacheLine(formatSummary(none, 'u'))).toBe('  LLM cache        2 hits, 13 calls made');
  });
});

const count = (promptTokens: number, completionTokens: number) => ({ promptTokens, completionTokens, totalTokens: promptTokens + completionTokens });

describe('tokensLine', () => {
  it('says every token was paid when nothing came from the cache', () => {
    expect(tokensLine({ ...count(900, 100), paid: count(900, 100) })).toBe('1000 (900 prompt + 100 completion), 1000 paid');
  });

  it('names what the cache saved: the tokens of replies other runs paid for', () => {
    expect(tokensLine({ ...count(900, 100), paid: count(250, 50) })).toBe('1000 (900 prompt + 100 completion), 300 paid, 700 saved by the cache');
  });
});
