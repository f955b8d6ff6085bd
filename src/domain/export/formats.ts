/**
 * Training record formats (SPEC output): every record holds the question and the answer only, plus
 * the optional system prompt setting; context, principles, demonstrations and reasoning stay in
 * provenance.jsonl beside the data. One zod schema per record shape, so exports can be checked when
 * read back. Also the LLaMA-Factory `dataset_info.json` entries and the Hugging Face dataset card.
 *
 * Pure: the same input always gives the same text (no dates, no machine names).
 */
import { z } from 'zod';
import { canonicalJson } from '../canonical-json';

export interface QaPair {
  question: string;
  answer: string;
}

export type ExportFormat = 'messages' | 'alpaca' | 'sharegpt';

const content = z.string().min(1, 'expected a non-empty string');

/** A turn order check shared by the chat shapes: [system], user, assistant, user, assistant, ... */
function checkTurns(roles: readonly string[], names: { system: string; user: string; assistant: string }, context: z.RefinementCtx, field: string): void {
  const turns = roles[0] === names.system ? roles.slice(1) : roles;
  const offset = roles.length - turns.length;
  turns.forEach((role, index) => {
    const expected = index % 2 === 0 ? names.user : names.assistant;
    if (role !== expected) context.addIssue({ code: 'custom', path: [field, index + offset], message: `expected a "${expected}" turn here, got "${role}"` });
  });
  if (turns.length === 0 || turns.length % 2 !== 0) context.addIssue({ code: 'custom', path: [field], message: `must end with an "${names.assistant}" turn` });
}

/** OpenAI chat fine-tuning record (also read by TRL, Axolotl and LLaMA-Factory). */
export const OpenAiChatRecordSchema = z
  .strictObject({
    messages: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content })).min(2),
  })
  .superRefine((record, context) => checkTurns(record.messages.map((message) => message.role), { system: 'system', user: 'user', assistant: 'assistant' }, context, 'messages'));
export type OpenAiChatRecord = z.infer<typeof OpenAiChatRecordSchema>;

/** Alpaca record (Stanford Alpaca; LLaMA-Factory's "alpaca" formatting). */
export const AlpacaRecordSchema = z.strictObject({
  instruction: content,
  input: z.string(),
  output: content,
  system: content.optional(),
});
export type AlpacaRecord = z.infer<typeof AlpacaRecordSchema>;

/** ShareGPT record (LLaMA-Factory's "sharegpt" formatting: from / value, system as the first turn). */
export const ShareGptRecordSchema = z
  .strictObject({
    conversations: z.array(z.strictObject({ from: z.enum(['system', 'human', 'gpt']), value: content })).min(2),
  })
  .superRefine((record, context) => checkTurns(record.conversations.map((turn) => turn.from), { system: 'system', user: 'human', assistant: 'gpt' }, context, 'conversations'));
export type ShareGptRecord = z.infer<typeof ShareGptRecordSchema>;

const hasSystem = (systemPrompt: string | undefined): systemPrompt is string => systemPrompt !== undefined && systemPrompt.length > 0;

export function messagesRecord(pair: QaPair, systemPrompt?: string): OpenAiChatRecord {
  return {
    messages: [
      ...(hasSystem(systemPrompt) ? [{ role: 'system' as const, content: systemPrompt }] : []),
      { role: 'user', content: pair.question },
      { role: 'assistant', content: pair.answer },
    ],
  };
}

export function alpacaRecord(pair: QaPair, systemPrompt?: string): AlpacaRecord {
  return { instruction: pair.question, input: '', output: pair.answer, ...(hasSystem(systemPrompt) ? { system: systemPrompt } : {}) };
}

export function shareGptRecord(pair: QaPair, systemPrompt?: string): ShareGptRecord {
  return {
    conversations: [
      ...(hasSystem(systemPrompt) ? [{ from: 'system' as const, value: systemPrompt }] : []),
      { from: 'human', value: pair.question },
      { from: 'gpt', value: pair.answer },
    ],
  };
}

export function trainingRecord(format: ExportFormat, pair: QaPair, systemPrompt?: string): OpenAiChatRecord | AlpacaRecord | ShareGptRecord {
  switch (format) {
    case 'messages':
      return messagesRecord(pair, systemPrompt);
    case 'alpaca':
      return alpacaRecord(pair, systemPrompt);
    case 'sharegpt':
      return shareGptRecord(pair, systemPrompt);
  }
}

export const RECORD_SCHEMAS = { messages: OpenAiChatRecordSchema, alpaca: AlpacaRecordSchema, sharegpt: ShareGptRecordSchema } as const;

/** One JSON value per line, each line ending in a newline; no records gives the empty string. */
export function jsonl(records: readonly unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

// ---------------------------------------------------------------------------------------------------
// LLaMA-Factory dataset_info.json

export const LlamaFactoryEntrySchema = z.strictObject({
  file_name: z.string().min(1),
  formatting: z.enum(['alpaca', 'sharegpt']),
  columns: z.record(z.string(), z.string()),
  tags: z
    .strictObject({ role_tag: z.string(), content_tag: z.string(), user_tag: z.string(), assistant_tag: z.string(), system_tag: z.string() })
    .optional(),
});
export type LlamaFactoryEntry = z.infer<typeof LlamaFactoryEntrySchema>;

export interface LlamaFactoryFiles {
  alpaca?: string;
  sharegpt?: string;
  messages?: string;
}

/**
 * The `dataset_info.json` entries, one per exported file, named `<name>_alpaca`, `<name>_sharegpt`
 * and `<name>_messages`. The Alpaca entry maps a `system` column only when the records carry one:
 * LLaMA-Factory reads a mapped column from every record. The chat formats carry the system prompt
 * as their first turn, which LLaMA-Factory takes as the system prompt through `system_tag`.
 */
export function llamaFactoryDatasetInfo(name: string, fileNames: LlamaFactoryFiles, options: { system?: boolean } = {}): Record<string, LlamaFactoryEntry> {
  const entries: Record<string, LlamaFactoryEntry> = {};
  if (fileNames.alpaca !== undefined) {
    entries[`${name}_alpaca`] = {
      file_name: fileNames.alpaca,
      formatting: 'alpaca',
      columns: { prompt: 'instruction', query: 'input', response: 'output', ...(options.system ? { system: 'system' } : {}) },
    };
  }
  if (fileNames.sharegpt !== undefined) {
    entries[`${name}_sharegpt`] = {
      file_name: fileNames.sharegpt,
      formatting: 'sharegpt',
      columns: { messages: 'conversations' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
    };
  }
  if (fileNames.messages !== undefined) {
    entries[`${name}_messages`] = {
      file_name: fileNames.messages,
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    };
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------------
// Hugging Face dataset card

export interface CorpusSummary {
  documents: number;
  roots: number;
  /** ISO 639-1 codes, e.g. ["en", "zh"]. */
  languages: readonly string[];
  /** A sentence or two about the source documents, written by the user. */
  description?: string;
}

export interface DatasetCardInput {
  name: string;
  summary: CorpusSummary;
  /** `records` is the number of training records; other counts (questions kept, dropped, ...) are listed too, in this order. */
  counts: Readonly<Record<string, number>> & { records: number };
  /** The run's settings, shown as canonical JSON. */
  settings: unknown;
  model: string;
  /** A Hugging Face licence id such as "apache-2.0" or "cc-by-4.0"; anything else is written as "other". */
  licence: string;
  /** @default { parquet: "data/train.parquet", jsonl: "data/train.jsonl" } */
  files?: { parquet: string; jsonl: string };
  /** Whether the records carry a system prompt column. @default false */
  system?: boolean;
}

const SIZE_CATEGORIES: readonly [limit: number, label: string][] = [
  [1e3, 'n<1K'],
  [1e4, '1K<n<10K'],
  [1e5, '10K<n<100K'],
  [1e6, '100K<n<1M'],
  [1e7, '1M<n<10M'],
  [1e8, '10M<n<100M'],
  [1e9, '100M<n<1B'],
];

/** The Hugging Face `size_categories` value for a number of records. */
export function sizeCategory(records: number): string {
  return SIZE_CATEGORIES.find(([limit]) => records < limit)?.[1] ?? 'n>1B';
}

const yamlString = (value: string) => JSON.stringify(value); // a JSON string is a valid YAML double-quoted scalar
const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The dataset folder's README.md: YAML front matter for the Hub, then what the data is and how it was made. */
export function datasetCard(input: DatasetCardInput): string {
  const files = input.files ?? { parquet: 'data/train.parquet', jsonl: 'data/train.jsonl' };
  const requested = input.licence.trim().toLowerCase();
  const licenceId = /^[a-z0-9][a-z0-9.+-]*$/.test(requested) ? requested : 'other';
  const licenceText = input.licence.trim() || 'not stated';
  const languages = [...new Set(input.summary.languages)];
  const front = [
    '---',
    `license: ${licenceId}`,
    ...(languages.length > 0 ? ['language:', ...languages.map((language) => `- ${yamlString(language)}`)] : []),
    'task_categories:',
    '- question-answering',
    '- text-generation',
    'size_categories:',
    `- ${sizeCategory(input.counts.records)}`,
    `pretty_name: ${yamlString(input.name)}`,
    'tags:',
    '- synthetic',
    '- sft',
    '- augcon',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    `    path: ${yamlString(files.parquet)}`,
    '---',
  ];
  const countRows = [['records', input.counts.records] as const, ...Object.entries(input.counts).filter(([label]) => label !== 'records')].map(
    ([label, value]) => `| ${cell(label)} | ${value} |`,
  );
  const body = [
    `# ${input.name}`,
    '',
    'Question-answer pairs for supervised fine-tuning, generated from a document corpus with AugCon: questions from a Context-Split-Tree over each passage, filtered by a contrastive scorer, and answers written from the passage under answering principles.',
    '',
    '## Source corpus',
    '',
    ...(input.summary.description ? [input.summary.description.trim(), ''] : []),
    `- Documents: ${input.summary.documents}`,
    `- Root contexts: ${input.summary.roots}`,
    `- Languages: ${languages.length > 0 ? languages.join(', ') : 'not stated'}`,
    '',
    '## Counts',
    '',
    '| | count |',
    '| --- | ---: |',
    ...countRows,
    '',
    '## Data fields',
    '',
    '- `question` (string): a question about a passage of the corpus.',
    '- `answer` (string): the answer, written from that passage.',
    ...(input.system ? ['- `system` (string): the system prompt of every record.'] : []),
    '',
    'Records contain only the question and the answer' +
      (input.system ? ' (and the system prompt)' : '') +
      ': no context, principles, demonstrations or reasoning. Where each pair came from (document, root context, tree depth, node context, score, demonstrations, reasoning and verdicts) is kept beside the data in `provenance.jsonl`.',
    '',
    '## Files',
    '',
    `- \`${files.parquet}\`: the records as Parquet (the default configuration).`,
    `- \`${files.jsonl}\`: the same records as JSON Lines.`,
    '',
    '## Generation',
    '',
    `- Model: \`${input.model}\` (the same model generated the questions, the answers and the judgements).`,
    '- Settings:',
    '',
    '```json',
    canonicalJson(input.settings ?? {}, 2),
    '```',
    '',
    '## Licence',
    '',
    `${licenceText}. The generated text is derived from the source documents: check that their licence allows publishing it.`,
    '',
  ];
  return `${[...front, ...body].join('\n')}`;
}
