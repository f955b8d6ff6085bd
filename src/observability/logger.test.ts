import { createLogger, prettyLine, temporalLogger } from './logger';

const API_KEY = 'sk-augcon-logger-test-9f3e';
const STORE_URL = 'postgresql://augcon:s3cret-pass@db.internal:5432/augcon';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) }, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object a line with level, time and msg', () => {
    const out = capture();
    const logger = createLogger({ level: 'DEBUG', format: 'json', destination: out.destination });
    logger.debug({ workflowId: 'wf-1' }, 'first');
    logger.trace('dropped below the level');
    logger.warn('second');
    expect(out.lines).toHaveLength(2);
    expect(out.lines.every((line) => line.endsWith('\n'))).toBe(true);
    const [first, second] = out.entries();
    expect(first).toMatchObject({ level: 'debug', msg: 'first', workflowId: 'wf-1' });
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(second).toMatchObject({ level: 'warn', msg: 'second' });
  });

  it('never writes a secret: secret fields, credentials in URLs, known secrets in messages and errors', () => {
    const out = capture();
    const logger = createLogger({ level: 'INFO', format: 'json', destination: out.destination, secrets: [API_KEY, STORE_URL] });
    logger.info({ apiKey: API_KEY, headers: { Authorization: `Bearer ${API_KEY}` }, config: { storeUrl: STORE_URL, baseUrl: 'http://127.0.0.1:8000/v1' } }, 'configured');
    logger.info(`the key is ${API_KEY} and the store ${STORE_URL}`);
    logger.error(new Error(`cannot reach ${STORE_URL}`));
    logger.warn({ err: new Error(`401 for key ${API_KEY}`), password: 'hunter2' }, 'call failed');
    logger.child({ endpoint: 'https://user:pw@example.com/v1' }).info('child');
    const text = out.lines.join('');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain('s3cret-pass');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('user:pw');
    const [configured, message, error, failed, child] = out.entries();
    expect(configured).toMatchObject({ apiKey: '[redacted]', headers: { Authorization: '[redacted]' }, config: { storeUrl: '[redacted]', baseUrl: 'http://127.0.0.1:8000/v1' } });
    expect(message!.msg).toBe('the key is [redacted] and the store [redacted]');
    expect(error).toMatchObject({ level: 'error', msg: 'cannot reach [redacted]', err: { type: 'Error', message: 'cannot reach [redacted]' } });
    expect(failed).toMatchObject({ msg: 'call failed', password: '[redacted]', err: { message: '401 for key [redacted]' } });
    expect(child).toMatchObject({ endpoint: 'https://[redacted]@example.com/v1' });
  });

  it('writes short lines for people in the pretty format', () => {
    const out = capture();
    const logger = createLogger({ level: 'INFO', format: 'pretty', destination: out.destination, secrets: [API_KEY] });
    logger.info({ workflowId: 'wf-1', runName: 'run-a', activityType: 'cstCall', apiKey: API_KEY }, 'Activity completed');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}Activity completed {2}runName=run-a workflowId=wf-1 activityType=cstCall apiKey=\[redacted\]\n$/);
  });
});

describe('prettyLine', () => {
  it('leaves a line that is not JSON as it is', () => {
    expect(prettyLine('plain text\n')).toBe('plain text\n');
  });
});

describe('temporalLogger', () => {
  it('passes Temporal log attributes through as fields, drops the task token and what it is told to drop', () => {
    const out = capture();
    const logger = temporalLogger(createLogger({ level: 'DEBUG', format: 'json', destination: out.destination }), {
      drop: (message) => message.startsWith('No workflows registered'),
    });
    logger.debug('Activity completed', {
      sdkComponent: 'activity',
      workflowId: 'run-1/root-0',
      workflowType: 'cstRootWorkflow',
      activityType: 'cstCall',
      runName: 'run-1',
      attempt: 1,
      taskToken: 'opaque',
      durationMs: 12,
    });
    logger.log('WARN', 'No workflows registered, not polling for workflow tasks');
    logger.trace('below the level');
    logger.error('Workflow failed', { workflowId: 'run-1', error: new Error('boom') });
    const entries = out.entries();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ level: 'debug', msg: 'Activity completed', workflowId: 'run-1/root-0', activityType: 'cstCall', runName: 'run-1', attempt: 1, durationMs: 12 });
    expect(entries[0]).not.toHaveProperty('taskToken');
    expect(entries[1]).toMatchObject({ level: 'error', msg: 'Workflow failed', workflowId: 'run-1', error: { type: 'Error', message: 'boom' } });
  });
});
