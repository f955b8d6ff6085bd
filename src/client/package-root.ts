import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The augcon checkout this code runs from (works from src/ under Jest and from dist/ after a build). */
export function packageRoot(from = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'augcon') return directory;
    if (dirname(directory) === directory) throw new Error(`cannot find augcon's package.json above ${from}`);
  }
}
