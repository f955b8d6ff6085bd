import { scaledTimeout } from './test-timeouts';

/**
 * Polls `check` until it returns true; a timeout names what was awaited and keeps the last error as
 * cause. The timeout is scaled by AUGCON_TEST_TIMEOUT_SCALE.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; description: string },
): Promise<void> {
  const timeoutMs = scaledTimeout(options.timeoutMs ?? 30_000);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
