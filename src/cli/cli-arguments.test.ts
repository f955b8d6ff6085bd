/**
 * The command line's argument handling, in process and without a Temporal server: an invalid
 * argument is exit 2 with a message naming it and what was expected, decided before anything
 * connects; `schedule create` starts its runs on the task queue the workers poll, and schedule
 * output names that queue and links the Web UI of the configured port.
 */
import type * as Schedules from '../client/augcon-schedules';
import type { ScheduleSummary } from '../client/augcon-schedules';
import { EXIT } from './exit-codes';
import { main } from './main';

const sessions: string[] = [];
const created: { dataset: string; taskQueue?: string }[] = [];
let described: ScheduleSummary | undefined;

jest.mock('./temporal-session', () => ({
  openSession: (): Promise<unknown> => {
    sessions.push('opened');
    return Promise.resolve({ client: {}, namespace: 'research', augcon: {}, close: () => Promise.resolve() });
  },
}));

jest.mock('../client/augcon-schedules', () => {
  const actual: typeof Schedules = jest.requireActual('../client/augcon-schedules');
  return {
    ...actual,
    AugconSchedules: class {
      create(dataset: string, _input: unknown, _spec: unknown, options: { taskQueue?: string }): Promise<string> {
        created.push({ dataset, taskQueue: options.taskQueue });
        return Promise.resolve(actual.scheduleIdOf(dataset));
      }
      describe(): Promise<ScheduleSummary | undefined> {
        return Promise.resolve(described);
      }
    },
  };
});

async function augcon(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  // commander prints its own errors (and the usage after them) on stderr.
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'augcon', ...args]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

describe('augcon arguments', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    sessions.length = 0;
    created.length = 0;
    delete process.env.AUGCON_TASK_QUEUE;
    delete process.env.AUGCON_WORKER_CONFIG;
    delete process.env.AUGCON_TEMPORAL_UI_URL;
    delete process.env.AUGCON_TEMPORAL_UI_PORT;
  });
  afterAll(() => {
    process.env = { ...saved };
  });

  it.each([
    [['run', '--seed', 'abc', 'docs'], /option '--seed <n>' argument 'abc' is invalid\. expected a whole number/],
    [['run', '--bogus', 'docs'], /unknown option '--bogus'/],
    [['status'], /missing required argument 'run'/],
    [['status', 'a', 'b'], /too many arguments for 'status'/],
    [['export', 'r', '--format', 'parquet'], /argument 'parquet' is invalid\. unknown format "parquet"; choose from messages, alpaca, sharegpt, hf, llama-factory/],
    [['budget', 'r', '--input-price', 'abc'], /option '--input-price <usd>' argument 'abc' is invalid\. expected a price in USD, 0 or more/],
    [['budget', 'r', '--output-price', '-1'], /option '--output-price <usd>' argument '-1' is invalid\. expected a price in USD/],
    [['budget', 'r', '--max-tokens', '1.5'], /option '--max-tokens <n>' argument '1\.5' is invalid\. expected a whole number, 1 or more/],
    [['concurrency', 'r', '501'], /value '501' is invalid for argument 'roots'\. expected a whole number of roots from 1 to 500/],
    [['concurrency', 'r', ''], /is invalid for argument 'roots'\. expected a whole number of roots from 1 to 500/],
    [['standin', '--port', '99999'], /option '--port <n>' argument '99999' is invalid\. expected a port number \(0 to 65535\)/],
    // --port 99999 after it: should the latency check regress, the stand-in fails to listen instead of serving on.
    [['standin', '--latency-ms', '-5', '--port', '99999'], /option '--latency-ms <n>' argument '-5' is invalid\. expected a whole number, 0 or more/],
    [['codec-server', '--port', 'http'], /option '--port <n>' argument 'http' is invalid\. expected a port number/],
    [['eval', 'r', '--sample', '0'], /option '--sample <n>' argument '0' is invalid\. expected a whole number, 1 or more/],
    [['report', 'r', '--max-tree-roots', 'all'], /option '--max-tree-roots <n>' argument 'all' is invalid/],
    [['plan', '--input-price', 'free'], /option '--input-price <usd>' argument 'free' is invalid/],
    [['demo', '--model', 'gpt'], /argument 'gpt' is invalid\. choose standin or smollm2/],
    [['schedule', 'frob'], /unknown command 'frob'/],
    [['schedule', 'create', 'wiki', 'docs', '--every', 'sometimes'], /--every: refresh interval "sometimes" is not a duration: expected e\.g\. 1d, 6h, 30m/],
    [['schedule', 'create', 'wiki', 'docs', '--every', '10ms'], /--every: refresh interval "10ms" is too short/],
    [['schedule', 'create', 'wiki', 'docs'], /give exactly one of an interval \(--every\) or a cron expression \(--cron\)/],
    [['schedule', 'create', 'wiki', 'docs', '--every', '1d', '--cron', '0 3 * * *'], /give exactly one of an interval/],
    [['schedule', 'create', 'wi:ki', 'docs', '--every', '1d'], /dataset name "wi:ki" is not allowed: it contains ":"/],
    [['schedule', 'create', 'wiki', '--every', '1d'], /corpus/],
    [['run', 'docs', '--run-name', 'a:b'], /run name "a:b" is not allowed: it contains ":"/],
  ])('augcon %j exits 2 before connecting, naming the argument and what was expected', async (args, message) => {
    const result = await augcon(args);
    expect(result.err).toMatch(message);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(sessions).toEqual([]);
  });

  it('a Web UI setting that is not a port is exit 2 naming the variable', async () => {
    process.env.AUGCON_TEMPORAL_UI_PORT = 'eighty';
    described = summary('augcon');
    const result = await augcon(['schedule', 'describe', 'wiki']);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.err).toMatch(/AUGCON_TEMPORAL_UI_PORT "eighty" is not a port: expected a whole number from 1 to 65535/);
  });

  it('schedule create starts its runs on AUGCON_TASK_QUEUE, and --task-queue overrides it', async () => {
    process.env.AUGCON_TASK_QUEUE = 'research-queue';
    const result = await augcon(['schedule', 'create', 'wiki', 'docs', '--every', '1d']);
    expect(result).toMatchObject({ code: EXIT.ok });
    expect(result.out).toContain('runs on task queue research-queue');
    expect(await augcon(['schedule', 'create', 'wiki', 'docs', '--every', '1d', '--task-queue', 'other'])).toMatchObject({ code: EXIT.ok });
    expect(created).toEqual([
      { dataset: 'wiki', taskQueue: 'research-queue' },
      { dataset: 'wiki', taskQueue: 'other' },
    ]);
  });

  it('schedule describe names the task queue and links the schedule and its runs on the configured UI port', async () => {
    process.env.AUGCON_TEMPORAL_UI_PORT = '18233';
    described = summary('research-queue');
    const result = await augcon(['schedule', 'describe', 'wiki']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out.split('\n')).toEqual([
      'wiki: active (refreshes wiki), overlap BUFFER_ONE, task queue research-queue',
      '  next runs: 2026-12-05T03:00:00.000Z',
      '  ran wiki-2026-12-04T03:00:00Z at 2026-12-04T03:00:01.000Z: http://localhost:18233/namespaces/research/workflows/wiki-2026-12-04T03%3A00%3A00Z',
      '  Temporal UI  http://localhost:18233/namespaces/research/schedules/augcon-dataset-wiki',
    ]);
    const json = JSON.parse((await augcon(['schedule', 'describe', 'wiki', '--json'])).out) as Record<string, unknown>;
    expect(json).toMatchObject({ taskQueue: 'research-queue', url: 'http://localhost:18233/namespaces/research/schedules/augcon-dataset-wiki' });
  });
});

function summary(taskQueue: string): ScheduleSummary {
  return {
    scheduleId: 'augcon-dataset-wiki',
    dataset: 'wiki',
    paused: false,
    note: 'refreshes wiki',
    nextRuns: [new Date('2026-12-05T03:00:00Z')],
    recentRuns: [{ workflowId: 'wiki-2026-12-04T03:00:00Z', runName: 'wiki-20261204T030000Z', startedAt: new Date('2026-12-04T03:00:01Z') }],
    overlap: 'BUFFER_ONE',
    taskQueue,
  };
}
