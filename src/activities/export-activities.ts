/**
 * SPEC output: the run's answered questions exported as training data into `<run directory>/dataset/`:
 *
 *   messages.jsonl         OpenAI chat fine-tuning records (also read by TRL, Axolotl, LLaMA-Factory)
 *   alpaca.jsonl           Alpaca records
 *   sharegpt.jsonl         ShareGPT records
 *   hf/                    a Hugging Face dataset folder: data/train.parquet, data/train.jsonl, README.md
 *   dataset_info.json      LLaMA-Factory entries for the files above
 *   provenance.jsonl       where every answered question came from (always written)
 *
 * Training records hold the question and the answer only (plus the optional system prompt setting);
 * context, principles, demonstrations, reasoning and verdicts stay in provenance.jsonl.
 *
 * Reproducible: the files are a function of the store's content (no timestamps, fixed key and row
 * order), so exporting twice gives byte-identical files. Every file is written to a temporary file
 * and renamed into place. No LLM is called: `augcon export` re-exports a finished run offline.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  alpacaRecord,
  datasetCard,
  llamaFactoryDatasetInfo,
  messagesRecord,
  shareGptRecord,
  type LlamaFactoryFiles,
  type QaPair,
} from '../domain/export/formats';
import { ChosenDemonstrationsSchema, DEMONSTRATIONS_ARTIFACT } from '../domain/answer/stored';
import { parquetBytes, type ParquetRow } from '../domain/export/parquet';
import { readStoredSettings } from '../domain/run-input';
import { tokenCount } from '../domain/tokens';
import type { AnswerRow, QuestionRow, RunStore, Script } from '../store/run-store';
import { runDirectory, writeJsonAtomically, writeJsonlAtomically } from './run-directory';
import { readStoredArtifact } from './stored-artifact';

export const DATASET_FORMATS = ['messages', 'alpaca', 'sharegpt', 'hf', 'llama-factory'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** The dataset folder inside the run directory, and the files in it (relative, "/"-separated). */
export const DATASET_FOLDER = 'dataset';
export const DATASET_FILES = {
  messages: 'messages.jsonl',
  alpaca: 'alpaca.jsonl',
  sharegpt: 'sharegpt.jsonl',
  hfParquet: 'hf/data/train.parquet',
  hfJsonl: 'hf/data/train.jsonl',
  hfCard: 'hf/README.md',
  llamaFactory: 'dataset_info.json',
  provenance: 'provenance.jsonl',
} as const;

export interface DatasetExportSummary {
  /** The dataset folder (`<run directory>/dataset`). */
  directory: string;
  /** Training records written (answers with status "ok"). */
  records: number;
  /** Answered questions without a training record (status "failed"); they are in provenance.jsonl only. */
  failed: number;
  /** The files written, relative to `directory`, sorted. */
  files: string[];
}

export interface ExportDatasetOptions {
  runName: string;
  /** The run directory; the files go to `<directory>/dataset/`. */
  directory: string;
  /**
   * @default every format. "llama-factory" points at the chosen messages / Alpaca / ShareGPT files and
   * at those an earlier export left in the folder; chosen without any of them, it brings all three along.
   */
  formats?: readonly DatasetFormat[];
  /** The run filtered its candidates (scorer enabled): export the kept questions' answers only. */
  filtered: boolean;
  /** Named in the dataset card when the stored answers record no model (they normally do). */
  model: string;
  /** Called before each file is written (the activity heartbeats here). */
  onFile?: (file: string) => void;
}

/** The run is not in the store. */
export class ExportRunNotFoundError extends Error {
  override name = 'ExportRunNotFoundError';
}

type AnsweredQuestion = QuestionRow & { answer: AnswerRow };

/** ISO 639-1 codes for the dataset card, from the scripts the ingest detected (the answer stage's languages). */
const SCRIPT_LANGUAGE: Record<Script, string> = { cjk: 'zh', latin: 'en' };

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** Writes `data` to `<file>.tmp-<random>` and renames it over `file`. */
async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}

/**
 * The chosen formats in canonical order; "llama-factory" alone brings every file it points at
 * (messages, Alpaca, ShareGPT), so re-exporting it keeps each entry a full export wrote.
 */
export function resolveFormats(formats: readonly DatasetFormat[] = DATASET_FORMATS): Set<DatasetFormat> {
  const chosen = new Set(formats);
  if (chosen.has('llama-factory') && !chosen.has('messages') && !chosen.has('alpaca') && !chosen.has('sharegpt')) {
    chosen.add('messages');
    chosen.add('alpaca');
    chosen.add('sharegpt');
  }
  return chosen;
}

/** A training record exists for an answer with status "ok" and a non-empty answer. */
const hasRecord = (row: AnsweredQuestion): boolean => row.answer.status === 'ok' && (row.answer.answer ?? '').trim().length > 0;

function provenanceLine(row: AnsweredQuestion, record: number | null, demonstrations: readonly { exampleIndex: number; source: string }[]) {
  const { answer } = row;
  return {
    id: `${row.rootId}/${row.pass}/${row.path}`,
    docId: row.docId,
    rootId: row.rootId,
    pass: row.pass,
    path: row.path,
    depth: row.depth,
    status: answer.status,
    record,
    question: row.question,
    answer: answer.answer ?? null,
    score: row.score === undefined ? null : round4(row.score),
    rank: row.rank ?? null,
    context: row.context,
    demonstrations: demonstrations.map((demonstration) => ({ exampleIndex: demonstration.exampleIndex, source: demonstration.source })),
    reasoning: answer.reasoning ?? null,
    critique: answer.critique
      ? {
          faithful: answer.critique.faithful,
          problems: answer.critique.problems,
          revised: answer.critique.revised,
          ...(answer.critique.firstAnswer !== undefined ? { firstAnswer: answer.critique.firstAnswer } : {}),
        }
      : null,
    detail: answer.detail ?? null,
    model: answer.model,
    attempts: answer.attempts,
    usage: tokenCount(answer.usage),
  };
}

/**
 * Writes the dataset files of a run from the store. Works outside Temporal (the CLI calls it
 * directly); the activity below adds heartbeats through `onFile`.
 */
export async function exportDataset(store: RunStore, options: ExportDatasetOptions): Promise<DatasetExportSummary> {
  const { runName } = options;
  const run = await store.getRun(runName);
  if (!run) throw new ExportRunNotFoundError(`run ${runName} is not in the store`);
  const settings = readStoredSettings(runName, run.settingsJson);
  const formats = resolveFormats(options.formats);
  const directory = join(options.directory, DATASET_FOLDER);
  const systemPrompt = settings.answers.systemPrompt;
  const system = systemPrompt !== undefined && systemPrompt.length > 0;

  const chosen = await readStoredArtifact(store, ChosenDemonstrationsSchema, runName, DEMONSTRATIONS_ARTIFACT);
  const demonstrations = chosen?.demonstrations ?? [];

  const answered = await store.listAnswers(runName, options.filtered);
  const pairs: QaPair[] = [];
  const provenance: ReturnType<typeof provenanceLine>[] = [];
  for (const row of answered) {
    const record = hasRecord(row) ? pairs.length : null;
    if (record !== null) pairs.push({ question: row.question, answer: row.answer.answer! });
    provenance.push(provenanceLine(row, record, demonstrations));
  }
  const failed = answered.length - pairs.length;

  const files: string[] = [];
  const write = async (file: string, work: (path: string) => Promise<void>) => {
    options.onFile?.(file);
    await work(join(directory, ...file.split('/')));
    files.push(file);
  };

  if (formats.has('messages')) await write(DATASET_FILES.messages, (path) => writeJsonlAtomically(path, pairs.map((pair) => messagesRecord(pair, systemPrompt))));
  if (formats.has('alpaca')) await write(DATASET_FILES.alpaca, (path) => writeJsonlAtomically(path, pairs.map((pair) => alpacaRecord(pair, systemPrompt))));
  if (formats.has('sharegpt')) await write(DATASET_FILES.sharegpt, (path) => writeJsonlAtomically(path, pairs.map((pair) => shareGptRecord(pair, systemPrompt))));

  const name = settings.dataset.name ?? runName;
  if (formats.has('hf')) {
    const rows: ParquetRow[] = pairs.map((pair) => ({ question: pair.question, answer: pair.answer, ...(system ? { system: systemPrompt } : {}) }));
    await write(DATASET_FILES.hfParquet, (path) => writeFileAtomically(path, parquetBytes(rows)));
    await write(DATASET_FILES.hfJsonl, (path) => writeJsonlAtomically(path, rows));

    const counts = await store.corpusCounts(runName);
    const documents = await store.listDocuments(runName);
    const byScript = new Map<string, number>();
    for (const document of documents) {
      const language = SCRIPT_LANGUAGE[document.script] ?? document.script;
      byScript.set(language, (byScript.get(language) ?? 0) + 1);
    }
    const languages = [...byScript.entries()].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)).map(([language]) => language);
    const sourceChars = documents.reduce((sum, document) => sum + document.chars, 0);
    const models = [...new Set(answered.map((row) => row.answer.model).filter((model) => model.length > 0))].sort();
    const card = datasetCard({
      name,
      summary: { documents: counts.documents, roots: counts.roots, languages, ...(settings.dataset.description ? { description: settings.dataset.description } : {}) },
      counts: { records: pairs.length, 'failed answers': failed, documents: counts.documents, 'root contexts': counts.roots, 'source characters': sourceChars },
      settings: {
        seed: settings.seed,
        cst: { maxPasses: settings.cst.maxPasses, charsPerPair: settings.cst.charsPerPair },
        scorer: { enabled: settings.scorer.enabled },
        answers: {
          temperature: settings.answers.temperature,
          maxAnswerTokens: settings.answers.maxAnswerTokens,
          demonstrations: settings.answers.demonstrations,
          rounds: settings.answers.rounds,
          candidateSets: settings.answers.candidateSets,
          critique: settings.answers.critique,
          systemPrompt: systemPrompt ?? null,
        },
        ...(chosen ? { selfImprovement: { setIndex: chosen.setIndex, judgedAccuracy: round4(chosen.judgedAccuracy) } } : {}),
      },
      model: models.length > 0 ? models.join(', ') : options.model,
      licence: settings.dataset.licence,
      system,
    });
    await write(DATASET_FILES.hfCard, (path) => writeFileAtomically(path, card));
  }

  if (formats.has('llama-factory')) {
    // An entry for every file of this export and for every one an earlier export left in the folder:
    // re-exporting some formats never drops the entry of a file that is still there.
    const pointed = async (format: 'alpaca' | 'sharegpt' | 'messages') => formats.has(format) || (await fileExists(join(directory, DATASET_FILES[format])));
    const pointers: LlamaFactoryFiles = {
      ...((await pointed('alpaca')) ? { alpaca: DATASET_FILES.alpaca } : {}),
      ...((await pointed('sharegpt')) ? { sharegpt: DATASET_FILES.sharegpt } : {}),
      ...((await pointed('messages')) ? { messages: DATASET_FILES.messages } : {}),
    };
    await write(DATASET_FILES.llamaFactory, (path) => writeJsonAtomically(path, llamaFactoryDatasetInfo(name, pointers, { system })));
  }

  await write(DATASET_FILES.provenance, (path) => writeJsonlAtomically(path, provenance));

  return { directory, records: pairs.length, failed, files: [...files].sort() };
}

export interface ExportActivityDeps {
  store: RunStore;
  dataDir: string;
  /** Model name the worker's provider is configured for (the card's fallback). */
  model: string;
}

export interface ExportDatasetInput {
  runName: string;
  filtered: boolean;
  formats?: DatasetFormat[];
}

export function createExportActivities(deps: ExportActivityDeps) {
  /** Exports the run's dataset into its run directory, heartbeating before each file. */
  async function exportDatasetActivity(input: ExportDatasetInput): Promise<DatasetExportSummary> {
    // Only inside an activity: the same code runs from tests and the CLI.
    const context = asyncLocalStorage.getStore();
    try {
      return await exportDataset(deps.store, {
        runName: input.runName,
        directory: runDirectory(deps.dataDir, input.runName),
        filtered: input.filtered,
        model: deps.model,
        ...(input.formats ? { formats: input.formats } : {}),
        onFile: (file) => context?.heartbeat({ writing: file }),
      });
    } catch (error) {
      if (error instanceof ExportRunNotFoundError) throw ApplicationFailure.nonRetryable(error.message, 'RunNotFound');
      throw error;
    }
  }

  return { exportDataset: exportDatasetActivity };
}
