import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseJson } from '../domain/cst/parse';

const PackageJsonSchema = z.object({ name: z.string().optional() });

/** Whether `manifest` is a package.json whose name is augcon. */
function isAugconManifest(manifest: string): boolean {
  if (!existsSync(manifest)) return false;
  const json = parseJson(readFileSync(manifest, 'utf8'));
  return json.ok && PackageJsonSchema.safeParse(json.value).data?.name === 'augcon';
}

/** The augcon checkout this code runs from (works from src/ under Jest and from dist/ after a build). */
export function packageRoot(from = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    if (isAugconManifest(join(directory, 'package.json'))) return directory;
    if (dirname(directory) === directory) throw new Error(`cannot find augcon's package.json above ${from}`);
  }
}
