import { CliError, EXIT } from './exit-codes';
import { main } from './main';

// `augcon status` fails with whatever error the test sets: the error printing of main() is under test.
let mockFailure: Error = new Error('unset');
jest.mock('./commands/status-command', () => ({ statusCommand: () => Promise.reject(mockFailure) }));

const LLM_KEY = 'llm-key-for-the-cli-test-42';
const CODEC_TOKEN = 'codec-token-for-the-cli-test';

describe('main', () => {
  const saved = { ...process.env };
  let printed: string[];
  beforeEach(() => {
    process.env.AUGCON_LLM_API_KEY = LLM_KEY;
    process.env.AUGCON_CODEC_SERVER_TOKEN = CODEC_TOKEN;
    printed = [];
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void printed.push(String(line)));
  });
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('prints a failure with the secrets of the environment and URL credentials redacted', async () => {
    mockFailure = new Error(`request with ${LLM_KEY} to postgres://augcon:p@ss@db.internal/augcon failed`);
    expect(await main(['node', 'augcon', 'status', 'run-1'])).toBe(EXIT.runFailed);
    expect(printed).toEqual(['augcon: request with [redacted] to postgres://[redacted]@db.internal/augcon failed']);
  });

  it('redacts a CliError too and keeps its exit code', async () => {
    mockFailure = new CliError(`the codec server refused Bearer ${CODEC_TOKEN}`, EXIT.unavailable);
    expect(await main(['node', 'augcon', 'status', 'run-1'])).toBe(EXIT.unavailable);
    expect(printed).toEqual(['augcon: the codec server refused Bearer [redacted]']);
  });
});
