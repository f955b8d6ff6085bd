/**
 * A whole run on a real model: 20 passages of the sample corpus through every stage with
 * SmolLM2-135M-Instruct in process, on the bench's dev server, response cache off so every call is
 * made. It reports what a user sees of a real model: calls, wall time, parse retries, drops by
 * reason, what each guard caught and the quality numbers. A 135M model: this measures the pipeline
 * on real model behaviour, never the quality a production model would give.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { AugconClient } from '../src/client/augcon-client';
import { packageRoot } from '../src/client/package-root';
import { QualityReportSchema, type QualityReport } from '../src/domain/quality';
import { createLlamaProvider, type LlamaGenerationStats } from '../src/llm/llama-provider';
import { SMOLLM2_NAME } from '../src/llm/smollm2';
import { createAugconWorkers } from '../src/worker/create-workers';
import { installRuntimeLogger } from '../src/worker/runtime-logger';
import { WorkerConfigSchema } from '../src/worker/worker-config';
import { NativeConnection } from '@temporalio/worker';

export interface RealModelRunResult {
  model: string;
  guardSettings: 'defaults' | 'off';
  passages: number;
  roots: number;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  wallSeconds: number;
  nodes: number;
  candidates: number;
  kept: number;
  parseRetries: number;
  dropsByReason: Record<string, number>;
  leavesByReason: Record<string, number>;
  guards: Record<string, number>;
  quality: QualityReport;
}

/** Halves at the sentence end nearest the middle. */
function halves(text: string): string[] {
  const ends = [...text.matchAll(/[.!?]\s+/g)].map((match) => match.index + match[0].length);
  if (ends.length === 0) return [text];
  const cut = ends.reduce((best, end) => (Math.abs(end - text.length / 2) < Math.abs(best - text.length / 2) ? end : best));
  return [text.slice(0, cut).trim(), text.slice(cut).trim()];
}

/**
 * `count` passages of the sample corpus's English documents: the paragraphs of at least 150
 * characters of three of them (15) and the team wiki's three texts in halves (6).
 */
async function samplePassages(count: number): Promise<string[]> {
  const directory = join(packageRoot(), 'samples', 'corpus');
  const paragraphs: string[] = [];
  for (const file of ['coffee-machine.txt', 'on-call-handbook.md', 'release-process.md']) {
    for (const paragraph of (await readFile(join(directory, file), 'utf8')).split(/\n\s*\n/)) {
      const prose = paragraph.replace(/^#+\s.*$/gm, '').replace(/\s+/g, ' ').trim();
      if (prose.length >= 150) paragraphs.push(prose);
    }
  }
  for (const line of (await readFile(join(directory, 'team-wiki.jsonl'), 'utf8')).split('\n').filter(Boolean)) {
    paragraphs.push(...halves((JSON.parse(line) as { text: string }).text));
  }
  if (paragraphs.length < count) throw new Error(`the sample corpus has ${paragraphs.length} passages, the bench asked for ${count}`);
  return paragraphs.slice(0, count);
}

/**
 * guards 'off' turns off the CST guards a real model needs (invented content, statements for
 * questions; the grounding guard stays), for the before/after record in docs/decisions/0006.
 */
export async function runRealModelBench(
  client: Client,
  address: string,
  modelPath: string,
  options: { passages?: number; guards?: 'defaults' | 'off' } = {},
): Promise<RealModelRunResult> {
  installRuntimeLogger('WARN'); // the bench prints its own lines; the in-process worker only its warnings
  const passageCount = options.passages ?? 20;
  const guards = options.guards ?? 'defaults';
  const dataDir = await mkdtemp(join(tmpdir(), 'augcon-bench-real-'));
  const corpus = join(dataDir, 'corpus.jsonl');
  const passages = await samplePassages(passageCount);
  await writeFile(corpus, passages.map((text, index) => JSON.stringify({ id: `passage-${index + 1}`, text })).join('\n') + '\n');
  const taskQueue = `augcon-bench-real-${Date.now()}`;
  const config = WorkerConfigSchema.parse({ taskQueue, dataDir, llm: { provider: 'llama', llamaModelPath: modelPath, model: SMOLLM2_NAME, maxInFlight: 2, cache: 'off' } });
  const generations: LlamaGenerationStats[] = [];
  const provider = await createLlamaProvider({ modelPath, threads: config.llm.llamaThreads, sequences: config.llm.llamaSequences, onGeneration: (each) => generations.push(each) });
  const connection = await NativeConnection.connect({ address });
  const workers = await createAugconWorkers({ config, connection, namespace: 'default', provider });
  const running = workers.run();
  try {
    const augcon = new AugconClient(client);
    const started = performance.now();
    const handle = await augcon.startRun(
      {
        corpus: { paths: [corpus] },
        seed: 1,
        cst: { maxPasses: 1, maxTokens: 300, ...(guards === 'off' ? { inventedContentGuard: false, requireQuestion: false } : {}) },
        scorer: { triplesPerType: 8 },
        answers: { maxAnswerTokens: 200 },
      },
      { workflowId: taskQueue, taskQueue },
    );
    const summary = await augcon.result(handle.workflowId);
    const wallSeconds = Math.round((performance.now() - started) / 100) / 10;
    const manifest = JSON.parse(await readFile(join(summary.runDirectory, 'manifest.json'), 'utf8')) as {
      counts: { nodes: number; candidates: number; parseRetries: number; dropsByReason: Record<string, number>; leavesByReason: Record<string, number> };
      guards: Record<string, number>;
      scorer: { filter: { kept: number } } | null;
      quality: unknown;
    };
    return {
      model: SMOLLM2_NAME,
      guardSettings: guards,
      passages: passages.length,
      roots: summary.roots,
      llmCalls: generations.length,
      promptTokens: generations.reduce((sum, g) => sum + g.promptTokens, 0),
      completionTokens: generations.reduce((sum, g) => sum + g.completionTokens, 0),
      wallSeconds,
      nodes: manifest.counts.nodes,
      candidates: manifest.counts.candidates,
      kept: manifest.scorer?.filter.kept ?? manifest.counts.candidates,
      parseRetries: manifest.counts.parseRetries,
      dropsByReason: manifest.counts.dropsByReason,
      leavesByReason: manifest.counts.leavesByReason,
      guards: manifest.guards,
      quality: QualityReportSchema.parse(manifest.quality),
    };
  } finally {
    workers.shutdown();
    await running;
    await connection.close();
    await provider.close();
  }
}
