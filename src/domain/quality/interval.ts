/**
 * Wilson score interval for a share measured on a sample (e.g. "7 of 10 sampled answers judged
 * faithful"): estimate = successes / n, and [low, high] the interval at z standard errors
 * (1.96 ≈ 95%). Unlike estimate ± z·SE it stays inside [0, 1] and is honest for small n.
 * With n = 0 nothing is known: estimate 0, interval [0, 1].
 */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, n: number, z = 1.96): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) throw new RangeError(`successes must be a whole number in 0..${n}, got ${successes}`);
  if (!(z > 0)) throw new RangeError(`z must be positive, got ${z}`);
  if (n === 0) return { estimate: 0, low: 0, high: 1 };
  const share = successes / n;
  const zSquared = z * z;
  const denominator = 1 + zSquared / n;
  const center = (share + zSquared / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((share * (1 - share)) / n + zSquared / (4 * n * n))) / denominator;
  return { estimate: share, low: Math.max(0, center - halfWidth), high: Math.min(1, center + halfWidth) };
}
