import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { canonicalJson } from '../domain/canonical-json';
import { AlpacaRecordSchema, LlamaFactoryEntrySchema, OpenAiChatRecordSchema, ShareGptRecordSchema } from '../domain/export/formats';
import { RunInputSchema } from '../domain/run-input';
import type { AnswerRow, CandidateRow, FilterDecisionRow } from '../store/run-store';
import { openSqliteRunStore, type SqliteRunStore } from '../store/sqlite-run-store';
import { createExportActivities, DATASET_FILES, exportDataset, resolveFormats } from './export-activities';
import { runDirectory } from './run-directory';

const RUN = 'run-x';
const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15, paid: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } };
const CONTEXT = 'SECRET-CONTEXT: bees fan nectar with their wings until its water evaporates';
const REASONING = 'SECRET-REASONING: the passage says the wings evaporate the water';
const PRINCIPLE = 'SECRET-PRINCIPLE: answer only from the passage';
const DEMO_CONTEXT = 'SECRET-DEMO-CONTEXT: tea leaves are steamed';
const PROBLEMS = 'SECRET-CRITIQUE: the first answer added a claim';
const FIRST_ANSWER = 'SECRET-FIRST-ANSWER: because they like it';

const candidate = (rootId: string, path: string, question: string): CandidateRow => ({
  rootId,
  pass: 1,
  path,
  docId: rootId === 'r0' ? 'a.txt' : 'b.txt',
  depth: path.split('.').length - 1,
  context: `${CONTEXT} (${rootId} ${path})`,
  question,
  model: 'm',
  usage,
  attempts: 1,
  grounding: [1, 1],
  createdAt: '2026-01-01T00:00:00Z',
});

const decision = (rootId: string, path: string, kept: boolean, rank?: number): FilterDecisionRow => ({
  rootId,
  pass: 1,
  path,
  score: kept ? 0.912345678 : 0.1,
  kept,
  ...(kept ? { rank } : { reason: 'over-quota' as const }),
});

const answer = (rootId: string, path: string, fields: Partial<AnswerRow>): AnswerRow => ({
  rootId,
  pass: 1,
  path,
  status: 'ok',
  model: 'answer-model',
  attempts: 1,
  usage,
  ...fields,
});

async function seedStore(store: SqliteRunStore, runInput: unknown = { corpus: { paths: ['x'] }, answers: { systemPrompt: 'Be brief.' } }) {
  const settings = RunInputSchema.parse(runInput);
  await store.putRun({ runName: RUN, configHash: 'hash', settingsJson: canonicalJson(settings), createdAt: '2026-01-01T00:00:00Z' });
  await store.replaceCorpus(RUN, {
    documents: [
      { docId: 'a.txt', sourcePath: '/c/a.txt', contentHash: 'ha', chars: 120, script: 'latin' },
      { docId: 'b.txt', sourcePath: '/c/b.txt', contentHash: 'hb', chars: 80, script: 'cjk' },
    ],
    roots: ['r0', 'r1'].map((rootId, seq) => ({
      rootId,
      seq,
      docId: seq === 0 ? 'a.txt' : 'b.txt',
      index: 0,
      text: `${CONTEXT} ${rootId}`,
      chars: 60,
      contentHash: `h${rootId}`,
      script: seq === 0 ? ('latin' as const) : ('cjk' as const),
      lengthScale: seq === 0 ? 3 : 1,
      startOffset: 0,
      endOffset: 60,
    })),
    diagnostics: [],
  });
  for (const row of [
    candidate('r0', '0', 'Why do bees fan nectar?'),
    candidate('r0', '0.1', 'What evaporates from nectar?'),
    candidate('r0', '0.2', 'Dropped question?'),
    candidate('r1', '0', '绿茶为什么是绿色的？'),
    candidate('r1', '0.1', 'A question whose answer failed?'),
  ]) {
    await store.putCandidate(RUN, row);
  }
  await store.replaceFilterDecisions(RUN, 'r0', [decision('r0', '0.1', true, 1), decision('r0', '0', true, 2), decision('r0', '0.2', false)]);
  await store.replaceFilterDecisions(RUN, 'r1', [decision('r1', '0', true, 1), decision('r1', '0.1', true, 2)]);
  await store.putAnswer(RUN, answer('r0', '0', { answer: 'To evaporate its water.', reasoning: REASONING, critique: { faithful: false, problems: PROBLEMS, revised: true, firstAnswer: FIRST_ANSWER } }));
  await store.putAnswer(RUN, answer('r0', '0.1', { answer: 'Water.', reasoning: REASONING }));
  await store.putAnswer(RUN, answer('r1', '0', { answer: '因为采摘后很快杀青，阻止了氧化。🍵', reasoning: REASONING }));
  await store.putAnswer(RUN, answer('r1', '0.1', { status: 'failed', detail: 'answer reply unusable after 3 attempts', attempts: 3 }));
  // An answer to a question the filter dropped (e.g. from an earlier pass): not exported when filtered.
  await store.putAnswer(RUN, answer('r0', '0.2', { answer: 'Should not appear.' }));
  await store.putArtifact(
    RUN,
    'answer-setup',
    canonicalJson({ language: 'en', examplesSource: 'augcon defaults (en)', examples: [{ context: DEMO_CONTEXT, question: 'Why green?', answer: 'Steamed.' }], principles: [PRINCIPLE], warnings: [] }),
  );
  await store.putArtifact(
    RUN,
    'demonstrations',
    canonicalJson({
      setIndex: 0,
      judgedAccuracy: 0.8,
      judged: 5,
      passed: 4,
      candidates: [],
      demonstrations: [
        { context: DEMO_CONTEXT, question: 'Why green?', answer: 'Steamed.', reasoning: 'SECRET-DEMO-REASONING', source: 'trace', exampleIndex: 2 },
        { context: DEMO_CONTEXT, question: 'Why?', answer: 'Because.', source: 'raw', exampleIndex: 0 },
      ],
    }),
  );
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

const readLines = async (file: string): Promise<unknown[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as unknown);

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

const ALL_FILES = [
  'alpaca.jsonl',
  'dataset_info.json',
  'hf/README.md',
  'hf/data/train.jsonl',
  'hf/data/train.parquet',
  'messages.jsonl',
  'provenance.jsonl',
  'sharegpt.jsonl',
];

const EXPECTED_PAIRS = [
  { question: 'What evaporates from nectar?', answer: 'Water.' },
  { question: 'Why do bees fan nectar?', answer: 'To evaporate its water.' },
  { question: '绿茶为什么是绿色的？', answer: '因为采摘后很快杀青，阻止了氧化。🍵' },
];

describe('exportDataset', () => {
  let store: SqliteRunStore;
  let temp: string;
  beforeEach(async () => {
    store = openSqliteRunStore(':memory:');
    temp = await mkdtemp(join(tmpdir(), 'augcon-export-'));
  });
  afterEach(async () => {
    await store.close();
    await rm(temp, { recursive: true, force: true });
  });

  it('writes every format, each loading back with its record shape', async () => {
    await seedStore(store);
    const written: string[] = [];
    const summary = await exportDataset(store, { runName: RUN, directory: temp, filtered: true, model: 'fallback-model', onFile: (file) => written.push(file) });
    const dataset = join(temp, 'dataset');
    expect(summary).toEqual({ directory: dataset, records: 3, failed: 1, files: ALL_FILES });
    expect([...written].sort()).toEqual(ALL_FILES);
    expect(await listFiles(dataset)).toEqual(ALL_FILES);

    const messages = await readLines(join(dataset, DATASET_FILES.messages));
    expect(messages).toHaveLength(3);
    for (const line of messages) OpenAiChatRecordSchema.parse(line);
    expect(messages[0]).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: EXPECTED_PAIRS[0]!.question },
        { role: 'assistant', content: EXPECTED_PAIRS[0]!.answer },
      ],
    });

    const alpaca = await readLines(join(dataset, DATASET_FILES.alpaca));
    expect(alpaca.map((line) => AlpacaRecordSchema.parse(line))).toEqual(EXPECTED_PAIRS.map((pair) => ({ instruction: pair.question, input: '', output: pair.answer, system: 'Be brief.' })));

    const sharegpt = await readLines(join(dataset, DATASET_FILES.sharegpt));
    expect(sharegpt).toHaveLength(3);
    for (const line of sharegpt) ShareGptRecordSchema.parse(line);

    const expectedRows = EXPECTED_PAIRS.map((pair) => ({ ...pair, system: 'Be brief.' }));
    const parquet = new Uint8Array(await readFile(join(dataset, DATASET_FILES.hfParquet)));
    expect(await parquetReadObjects({ file: toArrayBuffer(parquet) })).toEqual(expectedRows);
    expect(Number(parquetMetadata(toArrayBuffer(parquet)).num_rows)).toBe(3);
    expect(await readLines(join(dataset, DATASET_FILES.hfJsonl))).toEqual(expectedRows);

    const card = await readFile(join(dataset, DATASET_FILES.hfCard), 'utf8');
    expect(card).toMatch(/^---\nlicense: other\nlanguage:\n- "en"\n- "zh"\n/);
    expect(card).toContain('pretty_name: "run-x"');
    expect(card).toContain('| records | 3 |');
    expect(card).toContain('| failed answers | 1 |');
    expect(card).toContain('| documents | 2 |');
    expect(card).toContain('| source characters | 200 |');
    expect(card).toContain('Model: `answer-model`');
    expect(card).toContain('"judgedAccuracy": 0.8');
    expect(card).toContain('- `system` (string)');

    const info = JSON.parse(await readFile(join(dataset, DATASET_FILES.llamaFactory), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(info)).toEqual(['run-x_alpaca', 'run-x_sharegpt', 'run-x_messages']);
    for (const entry of Object.values(info)) LlamaFactoryEntrySchema.parse(entry);
    expect(info['run-x_alpaca']).toMatchObject({ file_name: 'alpaca.jsonl', columns: { system: 'system' } });
    expect(info['run-x_sharegpt']).toMatchObject({ file_name: 'sharegpt.jsonl' });
    expect(info['run-x_messages']).toMatchObject({ file_name: 'messages.jsonl' });
  });

  it('keeps context, reasoning, principles, demonstrations and verdicts out of every training file', async () => {
    await seedStore(store);
    await exportDataset(store, { runName: RUN, directory: temp, filtered: true, model: 'm' });
    const dataset = join(temp, 'dataset');
    const training = (await listFiles(dataset)).filter((file) => file !== DATASET_FILES.provenance);
    expect(training).toHaveLength(7);
    for (const file of training) {
      const bytes = await readFile(join(dataset, file));
      const text = file.endsWith('.parquet') ? bytes.toString('latin1') : bytes.toString('utf8');
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('Should not appear');
      expect(text).not.toContain('A question whose answer failed');
    }
    // The Parquet pages are compressed: check what a reader sees too.
    const rows = await parquetReadObjects({ file: toArrayBuffer(new Uint8Array(await readFile(join(dataset, DATASET_FILES.hfParquet)))) });
    expect(JSON.stringify(rows)).not.toContain('SECRET');
    // The three answered questions of the seeded run, each with only its question, answer and system turn.
    expect(rows.map((row) => Object.keys(row).sort())).toEqual(Array.from({ length: 3 }, () => ['answer', 'question', 'system']));
  });

  it('keeps failed answers out of the training files and in provenance, with the node, score, demonstrations, reasoning and verdict', async () => {
    await seedStore(store);
    await exportDataset(store, { runName: RUN, directory: temp, filtered: true, model: 'm' });
    const dataset = join(temp, 'dataset');
    const provenance = (await readLines(join(dataset, DATASET_FILES.provenance))) as Record<string, unknown>[];
    expect(provenance.map((line) => [line.id, line.status, line.record])).toEqual([
      ['r0/1/0.1', 'ok', 0],
      ['r0/1/0', 'ok', 1],
      ['r1/1/0', 'ok', 2],
      ['r1/1/0.1', 'failed', null],
    ]);
    const failed = provenance[3]!;
    expect(failed).toMatchObject({ question: 'A question whose answer failed?', answer: null, detail: 'answer reply unusable after 3 attempts', reasoning: null, critique: null, attempts: 3 });
    const revised = provenance[1]!;
    expect(revised).toEqual({
      id: 'r0/1/0',
      docId: 'a.txt',
      rootId: 'r0',
      pass: 1,
      path: '0',
      depth: 0,
      status: 'ok',
      record: 1,
      question: 'Why do bees fan nectar?',
      answer: 'To evaporate its water.',
      score: 0.9123,
      rank: 2,
      context: `${CONTEXT} (r0 0)`,
      demonstrations: [
        { exampleIndex: 2, source: 'trace' },
        { exampleIndex: 0, source: 'raw' },
      ],
      reasoning: REASONING,
      critique: { faithful: false, problems: PROBLEMS, revised: true, firstAnswer: FIRST_ANSWER },
      detail: null,
      model: 'answer-model',
      attempts: 1,
      // The reply's tokens only: what this run paid differs between a run and its cached rerun, the files do not.
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    });
    const alpaca = await readFile(join(dataset, DATASET_FILES.alpaca), 'utf8');
    expect(alpaca).not.toContain('A question whose answer failed');
  });

  it('exports every answered candidate without the scorer, and no system turn without the setting', async () => {
    await seedStore(store, { corpus: { paths: ['x'] }, scorer: { enabled: false }, dataset: { name: 'bees', licence: 'cc-by-4.0' } });
    const summary = await exportDataset(store, { runName: RUN, directory: temp, filtered: false, model: 'm' });
    expect(summary).toMatchObject({ records: 4, failed: 1 });
    const dataset = join(temp, 'dataset');
    const messages = await readLines(join(dataset, DATASET_FILES.messages));
    expect(messages.map((line) => OpenAiChatRecordSchema.parse(line).messages.map((message) => message.role))).toEqual(Array.from({ length: 4 }, () => ['user', 'assistant']));
    const rows = await parquetReadObjects({ file: toArrayBuffer(new Uint8Array(await readFile(join(dataset, DATASET_FILES.hfParquet)))) });
    expect(rows.map((row) => Object.keys(row).sort())).toEqual(Array.from({ length: 4 }, () => ['answer', 'question']));
    const card = await readFile(join(dataset, DATASET_FILES.hfCard), 'utf8');
    expect(card).toContain('license: cc-by-4.0');
    expect(card).toContain('pretty_name: "bees"');
    const info = JSON.parse(await readFile(join(dataset, DATASET_FILES.llamaFactory), 'utf8')) as Record<string, { columns: Record<string, string> }>;
    expect(Object.keys(info)).toEqual(['bees_alpaca', 'bees_sharegpt', 'bees_messages']);
    expect(info.bees_alpaca!.columns).not.toHaveProperty('system');
  });

  it('gives byte-identical files when exported twice', async () => {
    await seedStore(store);
    const first = join(temp, 'first');
    const second = join(temp, 'second');
    await exportDataset(store, { runName: RUN, directory: first, filtered: true, model: 'm' });
    await exportDataset(store, { runName: RUN, directory: second, filtered: true, model: 'm' });
    const files = await listFiles(join(first, 'dataset'));
    expect(files).toEqual(ALL_FILES);
    expect(await listFiles(join(second, 'dataset'))).toEqual(files);
    for (const file of files) {
      const a = await readFile(join(first, 'dataset', file));
      const b = await readFile(join(second, 'dataset', file));
      expect({ file, same: a.equals(b) }).toEqual({ file, same: true });
    }
    // Re-exporting over the same folder rewrites the same bytes and leaves no temporary files.
    const before = await Promise.all(files.map((file) => readFile(join(first, 'dataset', file))));
    await exportDataset(store, { runName: RUN, directory: first, filtered: true, model: 'm' });
    expect(await listFiles(join(first, 'dataset'))).toEqual(files);
    const after = await Promise.all(files.map((file) => readFile(join(first, 'dataset', file))));
    after.forEach((bytes, index) => expect(bytes.equals(before[index]!)).toBe(true));
  });

  it('writes only the chosen formats, and provenance always', async () => {
    await seedStore(store);
    const summary = await exportDataset(store, { runName: RUN, directory: temp, formats: ['alpaca'], filtered: true, model: 'm' });
    expect(summary.files).toEqual(['alpaca.jsonl', 'provenance.jsonl']);
    expect(await listFiles(join(temp, 'dataset'))).toEqual(['alpaca.jsonl', 'provenance.jsonl']);
  });

  it('brings the files LLaMA-Factory points at when only "llama-factory" is chosen', async () => {
    expect([...resolveFormats(['llama-factory'])].sort()).toEqual(['alpaca', 'llama-factory', 'messages', 'sharegpt']);
    expect([...resolveFormats(['llama-factory', 'messages'])].sort()).toEqual(['llama-factory', 'messages']);
    await seedStore(store);
    const summary = await exportDataset(store, { runName: RUN, directory: temp, formats: ['llama-factory', 'messages'], filtered: true, model: 'm' });
    expect(summary.files).toEqual(['dataset_info.json', 'messages.jsonl', 'provenance.jsonl']);
    const info = JSON.parse(await readFile(join(temp, 'dataset', DATASET_FILES.llamaFactory), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(info)).toEqual(['run-x_messages']);
    // Re-exporting LLaMA-Factory alone keeps the entry of every file a full export wrote.
    await exportDataset(store, { runName: RUN, directory: temp, formats: ['llama-factory'], filtered: true, model: 'm' });
    const again = JSON.parse(await readFile(join(temp, 'dataset', DATASET_FILES.llamaFactory), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(again).sort()).toEqual(['run-x_alpaca', 'run-x_messages', 'run-x_sharegpt']);
  });

  it('fails on a damaged demonstrations artifact, naming the artifact, the run and the field', async () => {
    await seedStore(store);
    await store.putArtifact(RUN, 'demonstrations', canonicalJson({ setIndex: 0, judgedAccuracy: 0.8, judged: 5, passed: 4, candidates: [], demonstrations: [{ context: 'c', question: 'q', answer: 'a', source: 'trace' }] }));
    await expect(exportDataset(store, { runName: RUN, directory: temp, filtered: true, model: 'm' })).rejects.toMatchObject({
      message: expect.stringMatching(/^artifact demonstrations of run run-x is not what augcon stored: demonstrations\.0\.exampleIndex: /),
      type: 'StoredDataError',
      nonRetryable: true,
    });
  });

  it('keeps the dataset_info.json entry of every file already exported when some formats are exported again', async () => {
    await seedStore(store);
    await exportDataset(store, { runName: RUN, directory: temp, filtered: true, model: 'm' });
    const infoFile = join(temp, 'dataset', DATASET_FILES.llamaFactory);
    const full = await readFile(infoFile, 'utf8');
    expect(Object.keys(JSON.parse(full) as Record<string, unknown>).sort()).toEqual(['run-x_alpaca', 'run-x_messages', 'run-x_sharegpt']);
    for (const formats of [['llama-factory', 'alpaca'], ['llama-factory', 'messages'], ['llama-factory'], ['alpaca'], ['hf', 'llama-factory']] as const) {
      const summary = await exportDataset(store, { runName: RUN, directory: temp, formats, filtered: true, model: 'm' });
      expect({ formats, info: await readFile(infoFile, 'utf8') }).toEqual({ formats, info: full });
      // Every format the first export wrote is still there.
      expect({ formats, files: await listFiles(join(temp, 'dataset')) }).toEqual({ formats, files: ALL_FILES });
      expect(summary.files).toContain('provenance.jsonl');
    }
  });

  it('rejects a run that is not in the store', async () => {
    await expect(exportDataset(store, { runName: 'nope', directory: temp, filtered: true, model: 'm' })).rejects.toThrow('run nope is not in the store');
  });
});

describe('createExportActivities', () => {
  it('exports into the run directory under the data dir, outside an activity context too', async () => {
    const store = openSqliteRunStore(':memory:');
    const dataDir = await mkdtemp(join(tmpdir(), 'augcon-export-data-'));
    try {
      await seedStore(store);
      const { exportDataset: activity } = createExportActivities({ store, dataDir, model: 'm' });
      const summary = await activity({ runName: RUN, filtered: true, formats: ['sharegpt'] });
      expect(summary.directory).toBe(join(runDirectory(dataDir, RUN), 'dataset'));
      expect(summary.files).toEqual(['provenance.jsonl', 'sharegpt.jsonl']);
      await expect(activity({ runName: 'missing', filtered: true })).rejects.toMatchObject({ type: 'RunNotFound', nonRetryable: true });
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
