/** Integration test files: the Temporal runtime logs warnings and errors only. */
import { installRuntimeLogger } from '../../src/worker/runtime-logger';

installRuntimeLogger('WARN');
