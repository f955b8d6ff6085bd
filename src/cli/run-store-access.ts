/**
 * How the offline commands (report, eval, export) find a run: the worker's data dir (--data-dir, else
 * AUGCON_DATA_DIR or the worker config, default "augcon-data") or AUGCON_STORE_URL for PostgreSQL.
 * A missing store or run is an actionable CliError (exit code 4, not found).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeStore, openRunStore, storeUrlFromEnv } from '../store/open-run-store';
import type { RunRow, RunStore } from '../store/run-store';
import { STORE_FILE } from '../store/sqlite-run-store';
import { loadWorkerConfig, WorkerConfigError } from '../worker/worker-config';
import { CliError, EXIT } from './exit-codes';

export function dataDirOf(dataDir: string | undefined): string {
  if (dataDir !== undefined) return dataDir;
  try {
    return loadWorkerConfig().dataDir;
  } catch (error) {
    if (error instanceof WorkerConfigError) throw new CliError(error.message, EXIT.invalidInput);
    throw error;
  }
}

export interface OpenedRun {
  store: RunStore;
  run: RunRow;
  dataDir: string;
}

/** Opens the store and checks the run is in it; the caller closes the store. */
export async function openRunForCli(runName: string, dataDirOption: string | undefined): Promise<OpenedRun> {
  const dataDir = resolve(dataDirOf(dataDirOption));
  const url = storeUrlFromEnv();
  if (!url && !existsSync(join(dataDir, STORE_FILE))) {
    throw new CliError(`no run ${runName}: there is no store at ${join(dataDir, STORE_FILE)} (give the worker's data dir with --data-dir or AUGCON_DATA_DIR, or its AUGCON_STORE_URL)`, EXIT.notFound);
  }
  const store = await openRunStore({ dataDir, url });
  const run = await store.getRun(runName).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  if (!run) {
    await store.close();
    throw new CliError(`no run ${runName} in the store (${describeStore({ dataDir, url })})`, EXIT.notFound);
  }
  return { store, run, dataDir };
}
