/**
 * `augcon eval <run> [--reference <questions.jsonl>] [--judge [--sample <n>] [--seed <n>]] [--json]`:
 * the quality of a run's kept pairs. Without options it reads the store only (no Temporal, no LLM):
 * grounding, copies, near-duplicates, diversity, granularity, question forms, language, answer length.
 * `--reference` adds coverage of human (or any reference) questions, the offline analogue of the
 * paper's comparison with human questions. `--judge` asks the worker's LLM, through a durable
 * Temporal workflow on the run's task queue, whether a seeded sample of questions is answerable from
 * its context and each answer faithful to it, with 95% intervals; judge.json lands in the run directory.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { describeIssues } from '../../domain/run-input';
import { measureQuality, referenceCoverage, ReferenceRecordSchema, type QualityReport, type ReferenceCoverage, type ReferenceRecord } from '../../domain/quality';
import type { JudgeSummary } from '../../domain/judge/judge-summary';
import { listQualityPairs } from '../../quality/run-pairs';
import { formatCoverage, formatJudge, formatQuality, formatWorst } from '../../quality/format-quality';
import { defaultTaskQueue, positiveCount, TASK_QUEUE_HELP, usdPrice, wholeNumber } from '../arguments';
import { CliError, EXIT } from '../exit-codes';
import { openRunForCli } from '../run-store-access';
import { openSession } from '../temporal-session';

export const COVERAGE_THRESHOLD = 0.5;

export interface EvalCommandOptions {
  dataDir?: string;
  reference?: string;
  judge?: boolean;
  /** @default 50 */
  sample?: number;
  /** @default 1 */
  seed?: number;
  taskQueue?: string;
  inputPrice?: number;
  outputPrice?: number;
  json?: boolean;
}

export interface EvalResult {
  runName: string;
  quality: QualityReport;
  reference?: ReferenceCoverage & { file: string; threshold: number };
  judge?: JudgeSummary;
}

/** Reads a JSONL file of {docId?, context?, question} records; a bad line names the file, line and field. */
export async function readReferenceQuestions(file: string): Promise<ReferenceRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`--reference ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`, EXIT.invalidInput);
  }
  const records: ReferenceRecord[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CliError(`${file}:${index + 1}: not JSON (${error instanceof Error ? error.message : String(error)})`, EXIT.invalidInput);
    }
    const parsed = ReferenceRecordSchema.safeParse(value);
    if (!parsed.success) throw new CliError(`${describeIssues(parsed.error, `${file}:${index + 1}`)}\n(expected {"docId": "...", "question": "..."} or {"context": "...", "question": "..."})`, EXIT.invalidInput);
    records.push(parsed.data);
  }
  if (records.length === 0) throw new CliError(`--reference ${file}: no questions in it`, EXIT.invalidInput);
  return records;
}

export async function evalCommand(runName: string, options: EvalCommandOptions = {}): Promise<EvalResult> {
  const references = options.reference === undefined ? undefined : await readReferenceQuestions(options.reference);
  const { store } = await openRunForCli(runName, options.dataDir);
  let result: EvalResult;
  try {
    const pairs = await listQualityPairs(store, runName);
    result = { runName, quality: measureQuality(pairs) };
    if (references && options.reference !== undefined) {
      const coverage = referenceCoverage(pairs, references, COVERAGE_THRESHOLD);
      result.reference = { ...coverage, file: options.reference, threshold: COVERAGE_THRESHOLD };
    }
  } finally {
    await store.close();
  }
  if (options.judge) {
    const session = await openSession();
    try {
      result.judge = await session.augcon.judge({ runName, sample: options.sample ?? 50, seed: options.seed ?? 1 }, { taskQueue: options.taskQueue });
    } finally {
      await session.close();
    }
  }
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return result;
  }
  console.log(`augcon eval ${runName}`);
  for (const line of formatQuality(result.quality)) console.log(line);
  for (const [measure, title] of [
    ['questionGroundingRoot', 'least grounded questions'],
    ['copiedQuestion', 'questions closest to a copy of their context'],
    ['notQuestion', 'replies that are not questions'],
  ] as const) {
    const worst = formatWorst(result.quality, measure);
    if (worst.length > 0) console.log(`  ${title}:\n${worst.join('\n')}`);
  }
  if (result.reference) for (const line of formatCoverage(result.reference, result.reference.threshold)) console.log(line);
  if (result.judge) {
    const priced = options.inputPrice !== undefined || options.outputPrice !== undefined;
    const cost = priced ? (result.judge.usage.promptTokens * (options.inputPrice ?? 0) + result.judge.usage.completionTokens * (options.outputPrice ?? 0)) / 1e6 : undefined;
    for (const line of formatJudge(result.judge, cost)) console.log(line);
  }
  return result;
}

export function registerEvalCommand(program: Command): Command {
  return program
    .command('eval')
    .description("measure the quality of a run's kept pairs (grounding, copies, duplicates, diversity, granularity); optionally against reference questions or with an LLM judge")
    .argument('<run>', 'the run name (workflow id)')
    .option('--data-dir <dir>', "the worker's data dir (default: AUGCON_DATA_DIR or the worker config, else augcon-data)")
    .option('--reference <file>', 'JSONL of reference questions {"docId"|"context": ..., "question": ...}: coverage at ROUGE-L F >= 0.5 and mean best ROUGE-L')
    .option('--judge', "ask the worker's LLM whether sampled questions are answerable and answers faithful (needs a worker; cached, durable)")
    .option('--sample <n>', 'pairs the judge reads (default 50)', positiveCount)
    .option('--seed <n>', 'seed of the judge sample (default 1)', wholeNumber)
    .option('--task-queue <name>', TASK_QUEUE_HELP, defaultTaskQueue())
    .option('--input-price <usd>', "USD per million prompt tokens, to price the judge's calls", usdPrice)
    .option('--output-price <usd>', 'USD per million completion tokens', usdPrice)
    .option('--json', 'print the measures as JSON on stdout')
    .action(async (run: string, options: EvalCommandOptions) => {
      await evalCommand(run, options);
    });
}
