import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkerConfig } from '../worker/worker-config';
import { defaultTaskQueue, fractionOff, portNumber, rootsInFlight, usdPrice, wholeNumber } from './arguments';
import { buildProgram } from './main';

describe('defaultTaskQueue', () => {
  it('is the queue a worker of the same environment polls', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'augcon-queue-')), 'worker.json');
    await writeFile(file, JSON.stringify({ taskQueue: 'from-file' }));
    const environments: NodeJS.ProcessEnv[] = [
      {},
      { AUGCON_TASK_QUEUE: 'research' },
      // An empty variable is unset for the worker, so for the CLI too.
      { AUGCON_TASK_QUEUE: '' },
      { AUGCON_WORKER_CONFIG: file },
      { AUGCON_WORKER_CONFIG: file, AUGCON_TASK_QUEUE: 'research' },
      { AUGCON_WORKER_CONFIG: file, AUGCON_TASK_QUEUE: '' },
    ];
    for (const env of environments) expect({ env, queue: defaultTaskQueue(env) }).toEqual({ env, queue: loadWorkerConfig(env).taskQueue });
    expect(defaultTaskQueue({ AUGCON_WORKER_CONFIG: file })).toBe('from-file');
  });

  it('is the default of every command that starts work on a queue', () => {
    const saved = process.env.AUGCON_TASK_QUEUE;
    process.env.AUGCON_TASK_QUEUE = 'research';
    try {
      const program = buildProgram();
      const byPath = (path: string[]) => path.reduce((command, name) => command.commands.find((sub) => sub.name() === name)!, program);
      for (const path of [['run'], ['eval'], ['schedule', 'create']]) expect({ path, queue: byPath(path).opts().taskQueue as unknown }).toEqual({ path, queue: 'research' });
    } finally {
      if (saved === undefined) delete process.env.AUGCON_TASK_QUEUE;
      else process.env.AUGCON_TASK_QUEUE = saved;
    }
  });
});

describe('argument parsers', () => {
  it('take only what their message promises', () => {
    expect(wholeNumber('-3')).toBe(-3);
    expect(() => wholeNumber('')).toThrow('expected a whole number');
    expect(portNumber('0')).toBe(0);
    expect(() => portNumber('65536')).toThrow('expected a port number (0 to 65535)');
    expect(rootsInFlight('500')).toBe(500);
    expect(() => rootsInFlight('501')).toThrow('expected a whole number of roots from 1 to 500');
    expect(usdPrice('0.15')).toBe(0.15);
    expect(() => usdPrice('NaN')).toThrow('expected a price in USD, 0 or more');
    expect(fractionOff('0.5')).toBe(0.5);
    expect(() => fractionOff('1.5')).toThrow('expected a fraction from 0 to 1 (0.5 is half price)');
  });
});
