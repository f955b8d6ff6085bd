/**
 * Front matter at the very start of a markdown file: YAML between `---` lines (closed by `---` or
 * `...`, parsed with the `yaml` library) or TOML between `+++` lines (top-level `key = value` pairs
 * only: TOML front matter is rare, and only `title` is used today). It is metadata, never prose.
 * Metadata values are strings: scalars as written, lists joined with ", ", maps as compact JSON.
 */
import { parse as parseYaml } from 'yaml';
import { codePointLength } from '../../domain/text/length';

export interface FrontMatter {
  metadata: Record<string, string>;
  /** The markdown after the closing delimiter line. */
  body: string;
  /** Code points between the delimiter lines (what is not turned into text). */
  chars: number;
  /** Lines the front matter takes, delimiters included (the body's first line is this + 1). */
  lines: number;
}

const CLOSERS = { '---': /^(?:---|\.\.\.)[^\S\n]*$/, '+++': /^\+\+\+[^\S\n]*$/ } as const;
const TOML_PAIR = /^([A-Za-z_][\w.-]*)[^\S\n]*=[^\S\n]*(.*)$/;

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(asText).join(', ');
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** Top-level pairs of a YAML block; undefined when it is not a YAML map (then it is not front matter). */
function yamlPairs(block: string): Record<string, string> | undefined {
  let value: unknown;
  try {
    value = parseYaml(block);
  } catch {
    return undefined;
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, asText(item)]));
}

function tomlPairs(block: string): Record<string, string> | undefined {
  const metadata: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (/^\s*\[/.test(line)) break; // a table: the top-level pairs are over
    const match = TOML_PAIR.exec(line.trim());
    if (!match) return undefined;
    metadata[match[1]!] = match[2]!.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
  }
  return metadata;
}

/** The front matter of `source`, or undefined when it does not start with one. */
export function splitFrontMatter(source: string): FrontMatter | undefined {
  const opener = source.slice(0, 3);
  if (opener !== '---' && opener !== '+++') return undefined;
  const lines = source.split('\n');
  if (lines[0]!.trim() !== opener) return undefined;
  const close = lines.findIndex((line, index) => index > 0 && CLOSERS[opener].test(line));
  if (close < 0) return undefined;
  const block = lines.slice(1, close).join('\n');
  // A thematic break followed by prose is not front matter: the block must parse as pairs.
  const metadata = opener === '---' ? yamlPairs(block) : tomlPairs(block);
  if (!metadata) return undefined;
  return { metadata, body: lines.slice(close + 1).join('\n'), chars: codePointLength(block), lines: close + 1 };
}
