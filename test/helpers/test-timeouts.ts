/**
 * Every integration timeout is a base figure times AUGCON_TEST_TIMEOUT_SCALE (default 1), so a busy
 * or slow machine runs the same suite with, say, AUGCON_TEST_TIMEOUT_SCALE=3 instead of failing on time.
 */
export function timeoutScale(): number {
  const raw = process.env.AUGCON_TEST_TIMEOUT_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 1) throw new Error(`AUGCON_TEST_TIMEOUT_SCALE must be a number >= 1, got "${raw}"`);
  return scale;
}

export const scaledTimeout = (baseMs: number): number => Math.round(baseMs * timeoutScale());
