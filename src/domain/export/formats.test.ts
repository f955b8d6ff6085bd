import { parse as parseYaml } from 'yaml';
import {
  alpacaRecord,
  AlpacaRecordSchema,
  datasetCard,
  jsonl,
  llamaFactoryDatasetInfo,
  LlamaFactoryEntrySchema,
  messagesRecord,
  OpenAiChatRecordSchema,
  RECORD_SCHEMAS,
  shareGptRecord,
  ShareGptRecordSchema,
  sizeCategory,
  trainingRecord,
  type QaPair,
} from './formats';

const pair: QaPair = { question: 'Why do bees fan nectar?', answer: 'To evaporate its water.' };
const SYSTEM = 'You are a helpful assistant.';

/** Every string anywhere inside a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('training records', () => {
  it('builds the OpenAI chat fine-tuning record, with and without a system prompt', () => {
    expect(messagesRecord(pair)).toEqual({
      messages: [
        { role: 'user', content: pair.question },
        { role: 'assistant', content: pair.answer },
      ],
    });
    const withSystem = messagesRecord(pair, SYSTEM);
    expect(withSystem.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant']);
    expect(OpenAiChatRecordSchema.safeParse(withSystem).success).toBe(true);
    expect(OpenAiChatRecordSchema.safeParse(messagesRecord(pair)).success).toBe(true);
  });
  it('builds Alpaca and ShareGPT records', () => {
    expect(alpacaRecord(pair)).toEqual({ instruction: pair.question, input: '', output: pair.answer });
    expect(alpacaRecord(pair, SYSTEM)).toEqual({ instruction: pair.question, input: '', output: pair.answer, system: SYSTEM });
    expect(shareGptRecord(pair, SYSTEM)).toEqual({
      conversations: [
        { from: 'system', value: SYSTEM },
        { from: 'human', value: pair.question },
        { from: 'gpt', value: pair.answer },
      ],
    });
    for (const system of [undefined, SYSTEM]) {
      expect(AlpacaRecordSchema.safeParse(alpacaRecord(pair, system)).success).toBe(true);
      expect(ShareGptRecordSchema.safeParse(shareGptRecord(pair, system)).success).toBe(true);
    }
  });
  it('treats an empty system prompt as none', () => {
    expect(messagesRecord(pair, '').messages).toHaveLength(2);
    expect(alpacaRecord(pair, '')).not.toHaveProperty('system');
  });
  it('puts nothing but the question, the answer and the system prompt in any record', () => {
    for (const format of ['messages', 'alpaca', 'sharegpt'] as const) {
      const record = trainingRecord(format, pair, SYSTEM);
      expect(RECORD_SCHEMAS[format].safeParse(record).success).toBe(true);
      const allowed = new Set([pair.question, pair.answer, SYSTEM, '', 'system', 'user', 'assistant', 'human', 'gpt']);
      for (const text of strings(record)) expect(allowed).toContain(text);
    }
  });
  it('rejects records of the wrong shape', () => {
    expect(OpenAiChatRecordSchema.safeParse({ messages: [{ role: 'assistant', content: 'A' }, { role: 'user', content: 'Q' }] }).success).toBe(false);
    expect(OpenAiChatRecordSchema.safeParse({ messages: [{ role: 'user', content: 'Q' }, { role: 'user', content: 'Q' }] }).success).toBe(false);
    expect(OpenAiChatRecordSchema.safeParse({ messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: '' }] }).success).toBe(false);
    expect(OpenAiChatRecordSchema.safeParse({ ...messagesRecord(pair), context: 'leak' }).success).toBe(false);
    expect(AlpacaRecordSchema.safeParse({ ...alpacaRecord(pair), reasoning: 'leak' }).success).toBe(false);
    expect(ShareGptRecordSchema.safeParse({ conversations: [{ from: 'gpt', value: 'A' }, { from: 'human', value: 'Q' }] }).success).toBe(false);
    expect(ShareGptRecordSchema.safeParse({ conversations: [{ from: 'system', value: 'S' }, { from: 'human', value: 'Q' }, { from: 'gpt', value: 'A' }, { from: 'human', value: 'Q' }] }).success).toBe(false);
  });
});

describe('jsonl', () => {
  it('writes one JSON value per line with a trailing newline, the same bytes every time', () => {
    const records = [alpacaRecord(pair), alpacaRecord({ question: '为什么？', answer: '因为 "引号"\n换行。' })];
    const text = jsonl(records);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((line) => JSON.parse(line))).toEqual(records);
    expect(jsonl(records.map((record) => ({ ...record })))).toBe(text);
    expect(jsonl([])).toBe('');
  });
});

describe('llamaFactoryDatasetInfo', () => {
  it('describes the alpaca, sharegpt and messages files with LLaMA-Factory keys', () => {
    const info = llamaFactoryDatasetInfo('augcon_demo', { alpaca: 'alpaca.jsonl', sharegpt: 'sharegpt.jsonl', messages: 'messages.jsonl' });
    expect(Object.keys(info)).toEqual(['augcon_demo_alpaca', 'augcon_demo_sharegpt', 'augcon_demo_messages']);
    for (const entry of Object.values(info)) expect(LlamaFactoryEntrySchema.safeParse(entry).success).toBe(true);
    expect(info.augcon_demo_alpaca).toEqual({ file_name: 'alpaca.jsonl', formatting: 'alpaca', columns: { prompt: 'instruction', query: 'input', response: 'output' } });
    expect(info.augcon_demo_sharegpt).toEqual({
      file_name: 'sharegpt.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'conversations' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
    });
    expect(info.augcon_demo_messages?.tags).toMatchObject({ role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' });
  });
  it('maps the alpaca system column only when the records have one, and lists only the files given', () => {
    const info = llamaFactoryDatasetInfo('d', { alpaca: 'a.jsonl' }, { system: true });
    expect(Object.keys(info)).toEqual(['d_alpaca']);
    expect(info.d_alpaca?.columns.system).toBe('system');
  });
});

describe('datasetCard', () => {
  const input = {
    name: 'Town library QA',
    summary: { documents: 12, roots: 340, languages: ['en', 'zh'], description: 'Annual reports of a town library.' },
    counts: { records: 1500, candidates: 2100, 'dropped | duplicate': 600 },
    settings: { seed: 1, answer: { temperature: 0.2 }, cst: { charsPerPair: 35 } },
    model: 'qwen2.5-7b-instruct',
    licence: 'CC-BY-4.0',
  };

  it('starts with YAML front matter the Hub reads', () => {
    const card = datasetCard(input);
    const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
    expect(match).not.toBeNull();
    expect(parseYaml(match![1]!)).toEqual({
      license: 'cc-by-4.0',
      language: ['en', 'zh'],
      task_categories: ['question-answering', 'text-generation'],
      size_categories: ['1K<n<10K'],
      pretty_name: 'Town library QA',
      tags: ['synthetic', 'sft', 'augcon'],
      configs: [{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train.parquet' }] }],
    });
  });
  it('describes the corpus, counts, fields, files, settings, model and licence', () => {
    const card = datasetCard(input);
    expect(card).toContain('# Town library QA');
    expect(card).toContain('Annual reports of a town library.');
    expect(card).toContain('- Documents: 12');
    expect(card).toContain('- Root contexts: 340');
    expect(card).toContain('| records | 1500 |');
    expect(card).toContain('| dropped \\| duplicate | 600 |');
    expect(card).toContain('`data/train.jsonl`');
    expect(card).toContain('`qwen2.5-7b-instruct`');
    expect(card).toContain('"charsPerPair": 35');
    expect(card).toContain('provenance.jsonl');
    expect(card).toContain('## Licence\n\nCC-BY-4.0.');
    expect(card).not.toContain('`system` (string)');
    expect(datasetCard({ ...input, system: true })).toContain('`system` (string)');
  });
  it('is the same text for the same input, settings key order included', () => {
    const reordered = { ...input, settings: { cst: { charsPerPair: 35 }, answer: { temperature: 0.2 }, seed: 1 } };
    expect(datasetCard(reordered)).toBe(datasetCard(input));
  });
  it('writes "other" for a licence that is not a Hub identifier', () => {
    const card = datasetCard({ ...input, licence: 'Internal use only' });
    expect(parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!).license).toBe('other');
    expect(card).toContain('Internal use only.');
  });
  it('names the Hub size category', () => {
    expect([0, 999, 1000, 9999, 10_000, 250_000, 5_000_000, 2e9].map(sizeCategory)).toEqual(['n<1K', 'n<1K', '1K<n<10K', '1K<n<10K', '10K<n<100K', '100K<n<1M', '1M<n<10M', 'n>1B']);
  });
});
