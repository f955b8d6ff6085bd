/**
 * Payload encryption on the real dev server: a whole augconRun with a client and workers that carry
 * the AES-GCM codec leaves only ciphertext in Temporal (its own history and its children's); a client
 * without the key cannot read it; the codec server turns it back into the input for the Web UI and CLI.
 * Failures too: their messages and stack traces travel in the encrypted attributes payload.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { AugconClient } from '../../src/client/augcon-client';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID } from '../../src/codec/aes-gcm-codec';
import { startCodecServer, type CodecServer } from '../../src/codec/codec-server';
import { codecDataConverter } from '../../src/codec/data-converter';
import { toJsonPayload, type JsonPayload } from '../../src/codec/payload-json';
import type { RunInput } from '../../src/domain/run-input';
import { temporalBinary } from '../../src/dev-server/temporal-binary';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';
import { temporalCli } from '../helpers/temporal-cli';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const KEY_ID = 'augcon-it-1';
const ENV = { AUGCON_PAYLOAD_KEY: randomBytes(32).toString('base64'), AUGCON_PAYLOAD_KEY_ID: KEY_ID };

/** The Temporal CLI without blocking the event loop: it calls back into this process's codec server. */
async function temporalCliAsync(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(temporalBinary(), [...args, '--address', temporalAddress()], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  return stdout;
}

function metadataText(payload: Payload, key: string): string | undefined {
  const value = payload.metadata?.[key];
  return value ? Buffer.from(value).toString('utf8') : undefined;
}

/** Every payload an event carries that the SDK encodes: inputs, results, heartbeat details. */
function eventPayloads(event: HistoryEvent): Payload[] {
  return [
    event.workflowExecutionStartedEventAttributes?.input,
    event.workflowExecutionCompletedEventAttributes?.result,
    event.activityTaskScheduledEventAttributes?.input,
    event.activityTaskCompletedEventAttributes?.result,
    event.startChildWorkflowExecutionInitiatedEventAttributes?.input,
    event.childWorkflowExecutionCompletedEventAttributes?.result,
  ].flatMap((payloads) => payloads?.payloads ?? []);
}

/** Every history of a run: its own and its children's, as the raw bytes Temporal stores. */
async function rawHistories(client: Client, workflowId: string): Promise<Buffer[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const children = (history.events ?? []).map((event) => event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId).filter((id): id is string => Boolean(id));
  const histories = [history, ...(await Promise.all(children.map((id) => client.workflow.getHandle(id).fetchHistory())))];
  return histories.map((each) => Buffer.from(temporal.api.history.v1.History.encode(each).finish()));
}

describe('payload encryption', () => {
  let harness: Harness;
  let encrypted: Client;
  let server: CodecServer;
  let corpus: string;

  beforeAll(async () => {
    const dataConverter = codecDataConverter(ENV)!;
    // The workers are built as the product builds them (createAugconWorkers with the codec), both the
    // workflow worker and the LLM activity worker.
    harness = await createHarness('codec', { dataConverter });
    encrypted = new Client({ connection: harness.client.connection, dataConverter });
    const codec = dataConverter.payloadCodecs![0]!;
    server = await startCodecServer({ port: 0, codec, allowedOrigins: ['http://localhost:8233'] });
    corpus = await writeCorpus(join(harness.dataDir, 'private-corpus'), 1, { small: true });
  });
  afterAll(async () => {
    await server?.close();
    await harness?.close();
  });

  it('stores only ciphertext in Temporal, and the codec server gives the input back', async () => {
    const workflowId = `${harness.name}-run`;
    const input: RunInput = { corpus: { paths: [corpus] }, seed: 5, cst: { maxPasses: 1 }, scorer: { enabled: false } };
    const augcon = new AugconClient(encrypted);
    await augcon.startRun(input, { workflowId, taskQueue: harness.taskQueue });
    const summary = await augcon.result(workflowId);
    expect(summary.documents).toBe(1);
    expect(summary.candidates).toBeGreaterThan(0);

    // A client without the key sees the history but cannot read it.
    const history = await harness.client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(started).toBeDefined();
    expect(metadataText(started!, METADATA_ENCODING_KEY)).toBe(ENCRYPTED_ENCODING);
    expect(metadataText(started!, METADATA_KEY_ID)).toBe(KEY_ID);
    await expect(harness.client.workflow.getHandle(workflowId).result()).rejects.toThrow(/binary\/encrypted/);

    // Nothing the run handled is readable in its history or in its children's: every payload is
    // encrypted, and the corpus path appears nowhere in the raw bytes.
    const children = events.map((event) => event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId).filter((id): id is string => Boolean(id));
    expect(children.length).toBeGreaterThan(0);
    const histories = [history, ...(await Promise.all(children.map((id) => harness.client.workflow.getHandle(id).fetchHistory())))];
    let payloads = 0;
    for (const each of histories) {
      for (const payload of (each.events ?? []).flatMap(eventPayloads)) {
        payloads += 1;
        expect(metadataText(payload, METADATA_ENCODING_KEY)).toBe(ENCRYPTED_ENCODING);
      }
      const raw = Buffer.from(temporal.api.history.v1.History.encode(each).finish());
      expect(raw.includes(corpus)).toBe(false);
      expect(raw.includes('private-corpus')).toBe(false);
    }
    expect(payloads).toBeGreaterThan(4);

    // The Web UI's call: POST /decode with the history's payload in proto3 JSON, from the UI's origin.
    const response = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Origin: 'http://localhost:8233' },
      body: JSON.stringify({ payloads: [toJsonPayload(started!)] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    const [decoded] = ((await response.json()) as { payloads: JsonPayload[] }).payloads;
    expect(Buffer.from(decoded!.metadata![METADATA_ENCODING_KEY]!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(decoded!.data!, 'base64').toString('utf8'))).toEqual(input);

    // The Temporal CLI: unreadable without the codec endpoint, the input in clear with it.
    type Shown = { events: { workflowExecutionStartedEventAttributes?: { input: { payloads: JsonPayload[] } } }[] };
    const startedInput = (shown: string) => (JSON.parse(shown) as Shown).events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!;
    const plainInput = startedInput(temporalCli(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json']));
    expect(Buffer.from(plainInput.metadata![METADATA_ENCODING_KEY]!, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(plainInput.data!, 'base64').includes(corpus)).toBe(false);
    const shownInput = startedInput(await temporalCliAsync(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--codec-endpoint', server.url]));
    expect(Buffer.from(shownInput.metadata![METADATA_ENCODING_KEY]!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(shownInput.data!, 'base64').toString('utf8'))).toEqual(input);

    // A process holding another key cannot decrypt, and says which key it lacks.
    const other = new AesGcmPayloadCodec({ currentKeyId: 'someone-else', keys: new Map([['someone-else', randomBytes(32)]]) });
    await expect(other.decode([started!])).rejects.toThrow(`key "${KEY_ID}"`);
  });

  it('stores failure messages and stack traces encrypted too, and the key holder reads them', async () => {
    const workflowId = `${harness.name}-auth`;
    // Every LLM call is refused: the activities fail, then the roots, then the run.
    harness.standin.setFaults([{ kind: 'status', status: 401 }]);
    try {
      const augcon = new AugconClient(encrypted);
      // Another seed than the first test, so no reply comes from the response cache.
      await augcon.startRun({ corpus: { paths: [corpus] }, seed: 11, cst: { maxPasses: 1 }, scorer: { enabled: false } }, { workflowId, taskQueue: harness.taskQueue });
      const failure = (await augcon.result(workflowId).catch((error: unknown) => error)) as Error & { cause?: Error };
      // With the key: the message and the stack trace as the worker wrote them.
      expect(failure.cause?.message).toMatch(/LlmAuthError.*stand-in injected HTTP 401.*AUGCON_LLM_/s);
      // The stack names the workflow code that failed the run (the CST passes stage of augconRun).
      expect(failure.cause?.stack).toContain('src/workflows/run-cst-passes.ts');
    } finally {
      harness.standin.setFaults([]);
    }

    // Without the key: the run's history and its children's hold none of it in the clear.
    const raw = await rawHistories(harness.client, workflowId);
    expect(raw.length).toBeGreaterThan(1);
    for (const bytes of raw) {
      expect(bytes.includes('stand-in injected HTTP 401')).toBe(false);
      expect(bytes.includes('LLM endpoint')).toBe(false);
      expect(bytes.includes('AUGCON_LLM_')).toBe(false);
      expect(bytes.includes('    at ')).toBe(false);
    }
    expect(raw.some((bytes) => bytes.includes('Encoded failure'))).toBe(true);
  });
});
