/** Reads a run input JSON file and merges command-line overrides into it, with errors that name the file and field. */
import { readFile } from 'node:fs/promises';
import { parseJson } from '../domain/cst/parse';
import { validateRunInput, type RunInput } from '../domain/run-input';
import { CliError, EXIT } from './exit-codes';

export interface RunOverrides {
  paths?: string[];
  runName?: string;
  seed?: number;
}

export async function loadRunInput(configFile: string | undefined, overrides: RunOverrides): Promise<RunInput> {
  let input: Record<string, unknown> = {};
  if (configFile) {
    let text: string;
    try {
      text = await readFile(configFile, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read the run config ${configFile}: ${(error as Error).message}`, EXIT.invalidInput);
    }
    const json = parseJson(text);
    if (!json.ok) throw new CliError(`${configFile}: ${json.reason}`, EXIT.invalidInput);
    if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
      throw new CliError(`${configFile}: expected a JSON object like {"corpus": {"paths": ["docs"]}}`, EXIT.invalidInput);
    }
    input = json.value as Record<string, unknown>;
  }
  if (overrides.paths && overrides.paths.length > 0) {
    const corpus = typeof input.corpus === 'object' && input.corpus !== null ? input.corpus : {};
    input = { ...input, corpus: { ...corpus, paths: overrides.paths } };
  }
  if (overrides.runName !== undefined) input = { ...input, runName: overrides.runName };
  if (overrides.seed !== undefined) input = { ...input, seed: overrides.seed };
  const validation = validateRunInput(input, configFile ?? 'run input');
  if (!validation.ok) throw new CliError(validation.message, EXIT.invalidInput);
  return input as RunInput;
}
