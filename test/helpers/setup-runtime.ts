/** Integration test files: quiet the Temporal runtime's logger (warnings and errors still show). */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
