/**
 * The stand-in's Batch API (test double): files uploaded for a batch, and batches that end a set time
 * after they are created. A batch's lines are answered like direct calls (each a call record with
 * its batch id), when the batch is first looked at after its completion delay. Options make a batch
 * expire (its first half answered, as a provider's expired batch keeps what it finished) or fail
 * every Nth line, so the caller's fallback to direct calls can be tested.
 */
import { z } from 'zod';

export interface StandinBatchOptions {
  /** Time from a batch's creation to its end. @default 0 */
  completionMs?: number;
  /** How batches end. @default 'completed' */
  outcome?: 'completed' | 'expired' | 'failed';
  /** Every Nth line of a batch (1-based) is answered with an error line instead. @default none */
  failEvery?: number;
}

export interface StandinFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
  createdAt: number;
}

export interface StandinBatch {
  id: string;
  inputFileId: string;
  endpoint: string;
  metadata: Record<string, string> | null;
  status: 'in_progress' | 'completed' | 'expired' | 'failed';
  createdAt: number;
  endsAt: number;
  customIds: string[];
  outputFileId?: string;
  errorFileId?: string;
  counts: { total: number; completed: number; failed: number };
}

const LineSchema = z.object({ custom_id: z.string().min(1), method: z.literal('POST'), url: z.string(), body: z.record(z.string(), z.unknown()) });
export type BatchLineBody = z.infer<typeof LineSchema>;

/** Answers one line's body: the HTTP status and JSON body a direct call would get. */
export type AnswerLine = (batchId: string, line: BatchLineBody) => { status: number; body: Record<string, unknown> };

export class StandinBatches {
  private readonly files = new Map<string, StandinFile>();
  private readonly batches = new Map<string, StandinBatch>();
  private options: Required<Omit<StandinBatchOptions, 'failEvery'>> & Pick<StandinBatchOptions, 'failEvery'>;

  constructor(options: StandinBatchOptions = {}) {
    this.options = { completionMs: 0, outcome: 'completed', ...options };
  }

  configure(options: StandinBatchOptions): void {
    this.options = { ...this.options, ...options };
  }

  addFile(filename: string, purpose: string, content: string): StandinFile {
    const file = { id: `file-standin-${this.files.size + 1}`, filename, purpose, content, createdAt: Date.now() };
    this.files.set(file.id, file);
    return file;
  }

  file(id: string): StandinFile | undefined {
    return this.files.get(id);
  }

  /** A new batch of the file's lines; a problem with the file is returned as a message. */
  create(input: { input_file_id: string; endpoint: string; metadata?: Record<string, string> | null }): StandinBatch | string {
    const file = this.files.get(input.input_file_id);
    if (!file) return `no file ${input.input_file_id}`;
    const lines = parseLines(file.content);
    if (typeof lines === 'string') return lines;
    const now = Date.now();
    const batch: StandinBatch = {
      id: `batch_standin_${this.batches.size + 1}`,
      inputFileId: file.id,
      endpoint: input.endpoint,
      metadata: input.metadata ?? null,
      status: 'in_progress',
      createdAt: now,
      endsAt: now + this.options.completionMs,
      customIds: lines.map((line) => line.custom_id),
      counts: { total: lines.length, completed: 0, failed: 0 },
    };
    this.batches.set(batch.id, batch);
    return batch;
  }

  /** The batch, ended with its output and error files once its time has come. */
  get(id: string, answer: AnswerLine): StandinBatch | undefined {
    const batch = this.batches.get(id);
    if (batch && batch.status === 'in_progress' && Date.now() >= batch.endsAt) this.end(batch, answer);
    return batch;
  }

  /** Newest first, as the OpenAI API lists them. */
  list(answer: AnswerLine): StandinBatch[] {
    return [...this.batches.keys()].reverse().map((id) => this.get(id, answer)!);
  }

  private end(batch: StandinBatch, answer: AnswerLine): void {
    const { outcome, failEvery } = this.options;
    batch.status = outcome;
    if (outcome === 'failed') return;
    const lines = parseLines(this.files.get(batch.inputFileId)!.content) as BatchLineBody[];
    const answered = outcome === 'expired' ? lines.slice(0, Math.floor(lines.length / 2)) : lines;
    const output: string[] = [];
    const errors: string[] = [];
    answered.forEach((line, index) => {
      const requestId = `req_${batch.id}_${index}`;
      if (failEvery && (index + 1) % failEvery === 0) {
        errors.push(JSON.stringify({ id: requestId, custom_id: line.custom_id, response: null, error: { code: 'server_error', message: 'the stand-in failed this line (failEvery)' } }));
        batch.counts.failed += 1;
        return;
      }
      const reply = answer(batch.id, line);
      const entry = { id: requestId, custom_id: line.custom_id, response: { status_code: reply.status, request_id: requestId, body: reply.body }, error: null };
      (reply.status === 200 ? output : errors).push(JSON.stringify(entry));
      if (reply.status === 200) batch.counts.completed += 1;
      else batch.counts.failed += 1;
    });
    if (output.length > 0) batch.outputFileId = this.addFile(`${batch.id}_output.jsonl`, 'batch_output', `${output.join('\n')}\n`).id;
    if (errors.length > 0) batch.errorFileId = this.addFile(`${batch.id}_error.jsonl`, 'batch_output', `${errors.join('\n')}\n`).id;
  }
}

function parseLines(content: string): BatchLineBody[] | string {
  const lines: BatchLineBody[] = [];
  const seen = new Set<string>();
  for (const [index, text] of content.split('\n').entries()) {
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return `line ${index + 1} is not JSON`;
    }
    const parsed = LineSchema.safeParse(json);
    if (!parsed.success) return `line ${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`;
    if (seen.has(parsed.data.custom_id)) return `line ${index + 1}: custom_id ${parsed.data.custom_id} is used twice in the file`;
    seen.add(parsed.data.custom_id);
    lines.push(parsed.data);
  }
  return lines;
}

/** A batch as the OpenAI API shows it. */
export function batchObject(batch: StandinBatch): Record<string, unknown> {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    errors: null,
    input_file_id: batch.inputFileId,
    completion_window: '24h',
    status: batch.status,
    output_file_id: batch.outputFileId ?? null,
    error_file_id: batch.errorFileId ?? null,
    created_at: seconds(batch.createdAt),
    in_progress_at: seconds(batch.createdAt),
    expires_at: seconds(batch.createdAt + 24 * 3600 * 1000),
    completed_at: batch.status === 'completed' ? seconds(batch.endsAt) : null,
    request_counts: batch.counts,
    metadata: batch.metadata,
  };
}

export function fileObject(file: StandinFile): Record<string, unknown> {
  return { id: file.id, object: 'file', bytes: Buffer.byteLength(file.content), created_at: Math.floor(file.createdAt / 1000), filename: file.filename, purpose: file.purpose, status: 'processed' };
}
