/**
 * SPEC stage 3 in a run: self-improvement on the human examples (judged by the same endpoint), the
 * chosen demonstrations saved, every kept question answered, and the dataset exported in every format.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { parquetReadObjects } from 'hyparquet';
import { AlpacaRecordSchema, OpenAiChatRecordSchema, ShareGptRecordSchema } from '../../src/domain/export/formats';
import { openSqliteRunStore, STORE_FILE } from '../../src/store/sqlite-run-store';
import { innermostMessage } from '../../src/domain/failure-message';
import { cli } from '../helpers/cli';
import { readJsonl, readRun, writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';
import { assertWorkerBuilt, killWorker, startWorker, type WorkerProcess } from '../helpers/worker-process';

const API_KEY = 'sk-augcon-answers-kill-test-41aa';

/** Every file under a folder with its bytes (base64), by relative path. */
async function snapshot(directory: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(directory.length + 1)] = (await readFile(path)).toString('base64');
  }
  return files;
}

describe('the answer stage', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    assertWorkerBuilt();
    harness = await createHarness('answers');
  });
  afterAll(async () => {
    for (const worker of workers) await killWorker(worker);
    await harness?.close();
  });

  it('bootstraps demonstrations from the judged examples and answers every kept question', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 6, { chinese: true });
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 4 });
    expect(summary.answers).toBeDefined();
    const answers = summary.answers!;
    expect(answers.questions).toBe(summary.filter!.kept);
    expect(answers.answered + answers.failed).toBe(answers.questions);
    expect(answers.answered).toBeGreaterThan(0);
    expect(answers.examples).toBe(6);
    expect(answers.demonstrations).toBe(3);

    const calls = harness.standin.calls();
    const judged = calls.filter((call) => call.kind === 'judge' && call.outcome === 'ok');
    expect(judged).toHaveLength(6);
    expect(calls.filter((call) => call.kind === 'answer' && call.outcome === 'ok').length).toBe(6 + answers.questions);
    // The judged accuracy is the share of the examples judged "yes", counted from the store's traces
    // (one per example: one candidate set and one bootstrap round by default).
    const store = openSqliteRunStore(join(harness.dataDir, STORE_FILE));
    const traces = await store.listExampleTraces(summary.runName);
    const setup = JSON.parse((await store.getArtifact(summary.runName, 'answer-setup'))!) as { principles: string[]; examples: { context: string; answer: string }[] };
    await store.close();
    expect(traces.map((trace) => ({ setIndex: trace.setIndex, round: trace.round, exampleIndex: trace.exampleIndex }))).toEqual(
      [0, 1, 2, 3, 4, 5].map((exampleIndex) => ({ setIndex: 0, round: 1, exampleIndex })),
    );
    const judgedYes = traces.filter((trace) => trace.verdict === 'yes').length;
    const manifest = (await readRun(summary.runDirectory)).manifest as unknown as { answers: { judgedAccuracy: number } };
    expect({ summary: answers.judgedAccuracy, manifest: manifest.answers.judgedAccuracy }).toEqual({ summary: judgedYes / 6, manifest: judgedYes / 6 });

    // The dataset: every format, each read back and checked for its shape.
    const dataset = join(summary.runDirectory, 'dataset');
    expect(summary.dataset!.records).toBe(answers.answered);
    const messages = await readJsonl<unknown>(join(dataset, 'messages.jsonl'));
    expect(messages).toHaveLength(answers.answered);
    const shapes = async (file: string, schema: { safeParse(value: unknown): { success: boolean } }) =>
      (await readJsonl<unknown>(join(dataset, file))).map((record) => schema.safeParse(record).success);
    const allValid = Array.from({ length: answers.answered }, () => true);
    expect(messages.map((record) => OpenAiChatRecordSchema.safeParse(record).success)).toEqual(allValid);
    expect(await shapes('alpaca.jsonl', AlpacaRecordSchema)).toEqual(allValid);
    expect(await shapes('sharegpt.jsonl', ShareGptRecordSchema)).toEqual(allValid);
    const parquet = await readFile(join(dataset, 'hf', 'data', 'train.parquet'));
    const rows = (await parquetReadObjects({ file: parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) })) as { question: string; answer: string }[];
    expect(rows).toHaveLength(answers.answered);
    const first = (messages[0] as { messages: { role: string; content: string }[] }).messages;
    expect(rows[0]).toEqual({ question: first.find((m) => m.role === 'user')!.content, answer: first.find((m) => m.role === 'assistant')!.content });
    const info = JSON.parse(await readFile(join(dataset, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string }>;
    expect(Object.values(info).map((entry) => ({ file: entry.file_name, exists: existsSync(join(dataset, entry.file_name)) }))).toEqual(
      ['alpaca.jsonl', 'sharegpt.jsonl', 'messages.jsonl'].map((file) => ({ file, exists: true })),
    );
    expect(await readFile(join(dataset, 'hf', 'README.md'), 'utf8')).toMatch(/^---\n[\s\S]*\n---\n/);

    // No training record carries a context, the reasoning, a principle or a demonstration: each is
    // exactly the question and the answer (the stand-in quotes a context sentence as its answer, so a
    // one-sentence context may equal an answer, which is why records are compared field by field).
    const provenance = await readJsonl<{ question: string; answer: string | null; context: string; reasoning: string | null; status: string }>(
      join(dataset, 'provenance.jsonl'),
    );
    expect(provenance).toHaveLength(answers.questions);
    const answeredLines = provenance.filter((line) => line.status === 'ok');
    expect(messages).toEqual(answeredLines.map((line) => ({ messages: [{ role: 'user', content: line.question }, { role: 'assistant', content: line.answer }] })));
    const forbidden = [...answeredLines.map((line) => line.reasoning ?? ''), ...setup.principles, ...setup.examples.flatMap((example) => [example.context, example.answer])];
    expect(answeredLines.every((line) => (line.reasoning ?? '').length > 0)).toBe(true);
    for (const file of ['messages.jsonl', 'alpaca.jsonl', 'sharegpt.jsonl', join('hf', 'data', 'train.jsonl')]) {
      const content = await readFile(join(dataset, file), 'utf8');
      for (const text of forbidden) expect({ file, leaked: content.includes(JSON.stringify(text).slice(1, -1)) ? text : undefined }).toEqual({ file, leaked: undefined });
    }

    // `augcon export` writes the same bytes again from the store, without a single LLM call.
    const before = await snapshot(dataset);
    const callsBefore = harness.standin.calls().length;
    const exported = await cli(['export', summary.runName, '--data-dir', harness.dataDir, '--json']);
    expect(exported.code).toBe(0);
    expect(await snapshot(dataset)).toEqual(before);
    expect(harness.standin.calls()).toHaveLength(callsBefore);
  });

  it('fails at once on a bad examples file, naming the file, the line and the field', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'bad-examples-corpus'), 1);
    const examplesFile = join(harness.dataDir, 'examples.jsonl');
    const good = { context: 'The library opens at nine.', question: 'When does the library open?', answer: 'At nine.' };
    await writeFile(examplesFile, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, answer: '' })}\n`);
    harness.standin.resetCalls();
    const failure = await harness.run({ corpus: { paths: [corpus] }, answers: { examplesFile } }, `${harness.name}-bad-examples`).catch((error: unknown) => error);
    expect(innermostMessage(failure)).toMatch(/examples\.jsonl line 2: field "answer": expected a non-empty string/);
    expect(harness.standin.calls()).toHaveLength(0);
  });

  it('survives a worker killed during self-improvement without judging a judged example again', async () => {
    await harness.stopWorkers();
    harness.standin.resetCalls();
    harness.standin.setLatency(300);
    const corpus = await writeCorpus(join(harness.dataDir, 'kill-corpus'), 1);
    const dataDir = await mkdtemp(join(tmpdir(), 'augcon-answers-kill-'));
    const taskQueue = `${harness.taskQueue}-killed`;
    workers.push(startWorker(harness, { dataDir, taskQueue, apiKey: API_KEY }));
    // One example at a time (maxConcurrentExamples), so the kill lands between judged examples and one in flight.
    const input = { corpus: { paths: [corpus] }, seed: 8, orchestration: { maxConcurrentRoots: 1, maxConcurrentNegatives: 1, maxConcurrentExamples: 1, llmHeartbeatTimeoutSeconds: 3 } };
    const handle = await harness.augcon.startRun(input, { workflowId: `${harness.name}-killed`, taskQueue });
    const result = harness.augcon.result(handle.workflowId);

    const judgedOk = () => harness.standin.calls().filter((call) => call.kind === 'judge' && call.outcome === 'ok');
    let phase: string | undefined;
    await waitFor(
      async () => {
        phase = (await harness.augcon.progress(handle.workflowId)).answers?.phase ?? phase;
        return judgedOk().length >= 2;
      },
      { timeoutMs: 120_000, description: 'two judged examples' },
    );
    await killWorker(workers[0]!);
    const judgedBeforeKill = new Set(judgedOk().map((call) => call.bodyHash));
    workers.push(startWorker(harness, { dataDir, taskQueue, apiKey: API_KEY }));
    const summary = await result;

    expect(phase).toBe('self-improvement');
    expect(summary.answers!.examples).toBe(6);
    const judged = judgedOk();
    // Every example judged exactly once, except at most the one in flight when the worker died.
    expect(new Set(judged.map((call) => call.bodyHash)).size).toBe(6);
    expect(judged.length).toBeLessThanOrEqual(7);
    const afterKill = judged.slice(judgedBeforeKill.size);
    expect(afterKill.filter((call) => judgedBeforeKill.has(call.bodyHash)).length).toBeLessThanOrEqual(1);
    expect(summary.answers!.answered + summary.answers!.failed).toBe(summary.answers!.questions);
    expect(workers.flatMap((worker) => worker.output).join('')).not.toContain(API_KEY);
  });
});
