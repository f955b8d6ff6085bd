/**
 * `augcon report <run> [--data-dir <dir>] [--output <file>] [--input-price <usd> --output-price <usd> | --prices <file>]
 * [--max-tree-roots <n>] [--json]`:
 * writes the run report, one self-contained HTML file (default `<data dir>/runs/<run>/report.html`),
 * from the store and the run's manifest.json, without Temporal and without the LLM, and prints its
 * path. The store is the worker's (the data dir from --data-dir, else the worker configuration:
 * AUGCON_DATA_DIR or AUGCON_WORKER_CONFIG, default "augcon-data"; AUGCON_STORE_URL for PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describeIssues } from '../../domain/run-input';
import { runDirectory } from '../../activities/run-directory';
import { buildReportData, DEFAULT_MAX_TREE_ROOTS, parseManifest, PriceTableSchema, renderReport, type PriceTable, type ReportManifest } from '../../report';
import { countArgument, usdPrice } from '../arguments';
import { CliError, EXIT } from '../exit-codes';
import { openRunForCli } from '../run-store-access';

export const REPORT_FILE = 'report.html';

export interface ReportCommandOptions {
  dataDir?: string;
  /** @default `<run directory>/report.html` */
  output?: string;
  /** A JSON file of prices: `{ "<model>" | "*": { "prompt": dollars per 1M tokens, "completion": ... } }`. */
  prices?: string;
  /** US dollars per million prompt tokens of every model (as `augcon plan` and `augcon budget` take them). */
  inputPrice?: number;
  /** US dollars per million completion tokens of every model. */
  outputPrice?: number;
  /** @default 200 */
  maxTreeRoots?: number;
  json?: boolean;
}

export interface ReportCommandResult {
  runName: string;
  /** Absolute path of the written report. */
  path: string;
  bytes: number;
  roots: number;
  treeRoots: number;
  /** The run's manifest.json was found and shown. */
  manifest: boolean;
}

async function readPrices(file: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`--prices ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`, EXIT.invalidInput);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--prices ${file}: not JSON (${error instanceof Error ? error.message : String(error)})`, EXIT.invalidInput);
  }
  const parsed = PriceTableSchema.safeParse(value);
  if (!parsed.success) {
    throw new CliError(`${describeIssues(parsed.error, file)}\n(expected {"<model>": {"prompt": <dollars per 1M tokens>, "completion": <dollars per 1M tokens>}}; "*" prices every other model)`, EXIT.invalidInput);
  }
  return parsed.data;
}

async function readManifest(directory: string): Promise<ReportManifest | undefined> {
  const file = join(directory, 'manifest.json');
  if (!existsSync(file)) return undefined;
  try {
    return parseManifest(await readFile(file, 'utf8'), file);
  } catch (error) {
    // The store has everything the report needs; the manifest only adds timings and scorer metrics.
    console.error(`augcon: ignoring ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function reportCommand(run: string, options: ReportCommandOptions = {}): Promise<ReportCommandResult> {
  if (options.prices !== undefined && (options.inputPrice !== undefined || options.outputPrice !== undefined)) {
    throw new CliError('give --prices <file> or --input-price/--output-price, not both', EXIT.invalidInput);
  }
  const prices =
    options.prices !== undefined
      ? await readPrices(options.prices)
      : options.inputPrice !== undefined || options.outputPrice !== undefined
        ? { '*': { prompt: options.inputPrice ?? 0, completion: options.outputPrice ?? 0 } }
        : undefined;
  const { store, dataDir } = await openRunForCli(run, options.dataDir);
  const directory = runDirectory(dataDir, run);
  const output = resolve(options.output ?? join(directory, REPORT_FILE));
  let html: string;
  let result: Omit<ReportCommandResult, 'bytes'>;
  try {
    const manifest = await readManifest(directory);
    const data = await buildReportData(store, run, {
      ...(manifest ? { manifest } : {}),
      ...(prices ? { prices } : {}),
      maxTreeRoots: options.maxTreeRoots ?? DEFAULT_MAX_TREE_ROOTS,
    });
    html = renderReport(data);
    result = { runName: run, path: output, roots: data.totalRoots, treeRoots: data.roots.length, manifest: manifest !== undefined };
  } finally {
    await store.close();
  }
  await writeFileAtomically(output, html);
  const written = { ...result, bytes: Buffer.byteLength(html, 'utf8') };
  if (options.json) console.log(JSON.stringify(written, null, 2));
  else console.log(output);
  return written;
}

export function registerReportCommand(program: Command): Command {
  return program
    .command('report')
    .description("write a run's report, one self-contained HTML file (trees, granularity, scores, quota, drops, tokens), and print its path")
    .argument('<run>', 'the run name (workflow id)')
    .option('--data-dir <dir>', "the worker's data dir (default: AUGCON_DATA_DIR or the worker config, else augcon-data)")
    .option('-o, --output <file>', `where to write the report (default: <data dir>/runs/<run>/${REPORT_FILE})`)
    .option('--input-price <usd>', "USD per million prompt tokens, to show cost (default: the run's budget prices, if any)", usdPrice)
    .option('--output-price <usd>', 'USD per million completion tokens', usdPrice)
    .option('--prices <file>', 'JSON prices per model instead, USD per million tokens: {"<model>|*": {"prompt": 0.15, "completion": 0.6}}')
    .option('--max-tree-roots <n>', `roots drawn as trees (the charts and tables cover all) (default: ${DEFAULT_MAX_TREE_ROOTS})`, countArgument)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (run: string, options: ReportCommandOptions) => {
      await reportCommand(run, options);
    });
}
