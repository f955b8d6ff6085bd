/**
 * `augcon export <run> [--format <list>] [--data-dir <dir>] [--json]`: writes the run's dataset again
 * from the store into `<data dir>/runs/<run>/dataset/`, without Temporal and without the LLM. The
 * store is the worker's (`<data dir>/augcon.sqlite`, the data dir from --data-dir, else the worker
 * configuration: AUGCON_DATA_DIR or AUGCON_WORKER_CONFIG, default "augcon-data").
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { DATASET_FORMATS, exportDataset, type DatasetExportSummary, type DatasetFormat } from '../../activities/export-activities';
import { readStoredSettings } from '../../domain/run-input';
import { runDirectory } from '../../activities/run-directory';
import { describeStore, openRunStore, storeUrlFromEnv } from '../../store/open-run-store';
import { STORE_FILE } from '../../store/sqlite-run-store';
import { configuredModelName, loadWorkerConfig, WorkerConfigError } from '../../worker/worker-config';
import { CliError, EXIT } from '../exit-codes';

/** The worker's store file in a data dir (create-workers.ts opens the same path). */

export interface ExportCommandOptions {
  format?: DatasetFormat[];
  dataDir?: string;
  json?: boolean;
}

/** "alpaca,sharegpt" (or repeated --format options) to a list of known formats. */
export function parseFormats(value: string, previous: DatasetFormat[] = []): DatasetFormat[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0) throw new InvalidArgumentError(`name at least one format (${DATASET_FORMATS.join(', ')})`);
  const unknown = names.filter((name) => !(DATASET_FORMATS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown format ${unknown.map((name) => `"${name}"`).join(', ')}; choose from ${DATASET_FORMATS.join(', ')}`);
  return [...new Set([...previous, ...(names as DatasetFormat[])])];
}

function workerSettings(dataDir: string | undefined): { dataDir: string; model: string } {
  try {
    const config = loadWorkerConfig();
    return { dataDir: dataDir ?? config.dataDir, model: configuredModelName(config) };
  } catch (error) {
    // The export needs only the data dir: a worker config problem matters only when it names it.
    if (dataDir !== undefined) return { dataDir, model: 'unknown' };
    if (error instanceof WorkerConfigError) throw new CliError(error.message, EXIT.invalidInput);
    throw error;
  }
}

export async function exportCommand(run: string, options: ExportCommandOptions): Promise<DatasetExportSummary> {
  const settings = workerSettings(options.dataDir);
  const dataDir = resolve(settings.dataDir);
  const url = storeUrlFromEnv();
  const storeName = describeStore({ dataDir, url });
  if (!url && !existsSync(join(dataDir, STORE_FILE))) {
    throw new CliError(`no run ${run}: there is no store at ${join(dataDir, STORE_FILE)} (give the worker's data dir with --data-dir or AUGCON_DATA_DIR, or its AUGCON_STORE_URL)`, EXIT.notFound);
  }
  const store = await openRunStore({ dataDir, url });
  try {
    const row = await store.getRun(run);
    if (!row) throw new CliError(`no run ${run} in the store (${storeName})`, EXIT.notFound);
    let filtered: boolean;
    try {
      filtered = readStoredSettings(run, row.settingsJson).scorer.enabled;
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error), EXIT.invalidInput);
    }
    const summary = await exportDataset(store, {
      runName: run,
      directory: runDirectory(dataDir, run),
      filtered,
      model: settings.model,
      ...(options.format ? { formats: options.format } : {}),
    });
    if (options.json) {
      console.log(JSON.stringify(summary, null, 2));
    } else {
      if (summary.records === 0 && summary.failed === 0) console.error(`augcon: run ${run} has no answered questions yet; the dataset files are empty`);
      console.log(`Exported run ${run}: ${summary.records} records, ${summary.failed} failed answers (provenance only)`);
      console.log(`  ${summary.directory}`);
      for (const file of summary.files) console.log(`    ${file}`);
    }
    return summary;
  } finally {
    await store.close();
  }
}

export function registerExportCommand(program: Command): Command {
  return program
    .command('export')
    .description("write a run's dataset again from the store (messages, Alpaca, ShareGPT, Hugging Face folder, LLaMA-Factory), without the LLM")
    .argument('<run>', 'the run name (workflow id)')
    .option('-f, --format <list>', `formats, comma-separated: ${DATASET_FORMATS.join(', ')} (default: all; provenance.jsonl is always written)`, parseFormats)
    .option('--data-dir <dir>', "the worker's data dir (default: AUGCON_DATA_DIR or the worker config, else augcon-data)")
    .option('--json', 'print the result as JSON on stdout')
    .action(async (run: string, options: ExportCommandOptions) => {
      await exportCommand(run, options);
    });
}
