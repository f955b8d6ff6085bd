// Integration tests run real workflows: give each test 5 minutes times AUGCON_TEST_TIMEOUT_SCALE
// (testTimeout is not a per-project option).
import { scaledTimeout } from './test-timeouts';

jest.setTimeout(scaledTimeout(300_000));
