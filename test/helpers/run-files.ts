/** Reads a run directory back for assertions. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CandidateLine {
  docId: string;
  rootId: string;
  pass: number;
  path: string;
  depth: number;
  context: string;
  question: string;
  model: string;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
  attempts: number;
  leafReason: string | null;
  grounding: number[];
}

/** The parts of manifest.json the tests read. */
export interface Manifest {
  configHash: string;
  counts: { candidates: number; parseRetries: number; [key: string]: unknown };
  tokens: { totalTokens: number };
  rootsUnderQuota: unknown[];
  orchestration: { childWorkflows: number; maxPendingChildren: number; continuedAsNew: number };
  [key: string]: unknown;
}

export async function readJsonl<T = Record<string, unknown>>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

export async function readRun(runDirectory: string) {
  return {
    candidates: await readJsonl<CandidateLine>(join(runDirectory, 'candidates.jsonl')),
    drops: await readJsonl(join(runDirectory, 'drops.jsonl')),
    diagnostics: await readJsonl<{ path: string; line?: number; severity: string; code: string; message: string }>(join(runDirectory, 'diagnostics.jsonl')),
    roots: await readJsonl<{ rootId: string; docId: string; quota: number; candidates: number; passes: number; error?: string; underQuota: boolean }>(
      join(runDirectory, 'roots.jsonl'),
    ),
    manifest: JSON.parse(await readFile(join(runDirectory, 'manifest.json'), 'utf8')) as Manifest,
  };
}

export { writeCorpus } from '../../bench/synthetic-corpus';
