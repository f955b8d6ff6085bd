/**
 * Adaptive concurrency (issue 12): how many LLM calls a worker keeps in flight, adapted to what the
 * endpoint takes. As TCP: a slow start (every answered call adds one, so the limit doubles each round)
 * until the first overload, then additive increase, multiplicative decrease (AIMD): an overload (429,
 * 503, a timeout) multiplies the limit by `backoffRatio`, never below `min` nor above `max`. Starting
 * low and doubling finds the endpoint's capacity in a few rounds with only a few calls refused, where
 * starting at `max` would have every round above the capacity refuse its excess.
 *
 * After a decrease the limit knows where the endpoint last refused: it climbs back fast (one call per
 * answered call) to one short of that level, then probes above it slowly (1 / (limit x
 * `probeSlowdown`) per answered call, about one call every `probeSlowdown` rounds). Plain AIMD's
 * climb of one call a round spends most of its time well under the capacity; the fast return keeps
 * the endpoint near full, the slow probe keeps overload rounds rare (measured in decision record 0009).
 *
 * One overload round decreases the limit once: a call that was started before the last decrease
 * tells of the old limit, not the new one, so its failure does not decrease it again. Without that
 * rule the 32 calls rejected by one overfull round would cut the limit 32 times. Pure, no I/O.
 */
import type { LlmErrorClassification } from './llm-errors';

export interface AimdSettings {
  min: number;
  max: number;
  /** The limit before any call has been made. @default 8 (within min and max) */
  initial?: number;
  /** What an overload multiplies the limit by, in (0, 1). @default 0.9 */
  backoffRatio?: number;
  /** How much slower than one call a round the limit grows at or above the last overload level. @default 3 */
  probeSlowdown?: number;
}

/** A failure that says the endpoint has too much to do (not that this request is wrong). */
export function isOverload(failure: Pick<LlmErrorClassification, 'type' | 'status'>): boolean {
  return failure.type === 'LlmRateLimited' || failure.type === 'LlmTimeout' || failure.status === 503;
}

export class AimdLimit {
  private value: number;
  /** Counts the decreases; a call remembers the round it started in. */
  private round = 0;
  private slowStart = true;
  /** Below this the limit climbs back fast: one short of where the last overload happened. */
  private recoverTo = 0;
  readonly min: number;
  readonly max: number;
  private readonly backoffRatio: number;
  private readonly probeSlowdown: number;

  constructor(settings: AimdSettings) {
    const { min, max, backoffRatio = 0.9, probeSlowdown = 3 } = settings;
    if (!Number.isInteger(min) || min < 1 || !Number.isInteger(max) || max < min) {
      throw new RangeError(`adaptive concurrency needs whole numbers 1 <= min <= max, got min ${min}, max ${max}`);
    }
    if (!(backoffRatio > 0 && backoffRatio < 1)) throw new RangeError(`the backoff ratio must be between 0 and 1, got ${backoffRatio}`);
    if (!(probeSlowdown >= 1)) throw new RangeError(`the probe slowdown must be at least 1, got ${probeSlowdown}`);
    this.min = min;
    this.max = max;
    this.backoffRatio = backoffRatio;
    this.probeSlowdown = probeSlowdown;
    this.value = Math.min(max, Math.max(min, settings.initial ?? 8));
  }

  /** Calls that may be in flight now. */
  get limit(): number {
    return Math.floor(this.value);
  }

  /** The round a call starting now belongs to; pass it to onOverload if the call fails that way. */
  get currentRound(): number {
    return this.round;
  }

  onSuccess(): void {
    if (this.slowStart) this.value = Math.min(this.max, this.value + 1);
    else if (this.value < this.recoverTo) this.value = Math.min(this.max, this.recoverTo, this.value + 1);
    else this.value = Math.min(this.max, this.value + 1 / (this.value * this.probeSlowdown));
  }

  /** Decreases the limit, once per round; true when it did. */
  onOverload(startedInRound: number): boolean {
    if (startedInRound < this.round) return false;
    this.round += 1;
    this.slowStart = false;
    this.recoverTo = this.value - 1;
    this.value = Math.max(this.min, this.value * this.backoffRatio);
    return true;
  }
}
