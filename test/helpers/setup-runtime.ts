/** Integration test files: the Temporal runtime logs warnings and errors only. */
import { installRuntimeLogger } from '../../src/worker/runtime-logger';

// Core's own logs are not forwarded: test files that never start a worker must still let Jest exit.
installRuntimeLogger('WARN', { forwardCoreLogs: false });
