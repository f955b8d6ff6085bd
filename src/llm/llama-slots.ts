/**
 * The in-process provider's slots (each one llama.cpp context with one sequence) and how much of a
 * slot's evaluated tokens a new prompt may keep.
 *
 * Prefix reuse must not change a reply: llama.cpp's CPU kernels are not batch-invariant. Flash
 * attention takes a tiled path for 64 or more query tokens in one batch and a per-query path below
 * that (ggml-cpu GGML_FA_TILE_Q), and a single query token over 512 or more cached cells takes a
 * split-KV path whose sums are grouped differently. A token evaluated in a different kind of batch
 * gets slightly different numbers, and the reply drifts (measured with SmolLM2: logits up to 0.7
 * apart). So the kept prefix is chosen such that the rest of the prompt is evaluated in the same kind
 * of batches as from an empty sequence, which the library splits into `batchSize` chunks from
 * position 0. This narrows the drift but does not remove it (test/integration/llama-provider.test.ts
 * still measured replies that differ after reuse), so the provider reuses prefixes only on request.
 */

/** Below this many query tokens in one batch, llama.cpp's CPU flash attention uses its per-query path. */
export const MIN_TILED_BATCH = 64;

export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a[index] === b[index]) index += 1;
  return index;
}

/**
 * The number of leading tokens of `prompt` a sequence holding `held` can keep so that evaluating the
 * rest gives the same result as evaluating all of `prompt` from scratch in `batchSize` chunks.
 * At least the last prompt token is always evaluated (its logits give the first reply token).
 */
export function reusableLength(held: readonly number[], prompt: readonly number[], batchSize: number): number {
  const length = prompt.length;
  const shared = Math.min(commonPrefixLength(held, prompt), length - 1);
  if (shared <= 0) return 0;
  const freshTail = length % batchSize;
  if (freshTail > 0 && freshTail < MIN_TILED_BATCH) {
    // From scratch the last chunk is small (per-query path): only a cut on the chunk grid reproduces it.
    return Math.floor(shared / batchSize) * batchSize;
  }
  // From scratch every chunk is large: keep the rest's last chunk large too.
  const restTail = (length - shared) % batchSize;
  if (restTail === 0 || restTail >= MIN_TILED_BATCH) return shared;
  return Math.max(0, shared - (MIN_TILED_BATCH - restTail));
}

/**
 * Hands out free slots, the one that can keep the longest prefix first (ties: the lowest index);
 * callers wait in order when none is free. An aborted wait leaves the queue.
 */
export class SlotPool<Slot> {
  private readonly free: Slot[];
  private readonly waiting: { resolve: (slot: Slot) => void; score: (slot: Slot) => number }[] = [];

  constructor(private readonly slots: readonly Slot[]) {
    this.free = [...slots];
  }

  async acquire(score: (slot: Slot) => number, signal?: AbortSignal): Promise<Slot> {
    signal?.throwIfAborted();
    if (this.free.length > 0) return this.take(score);
    return new Promise<Slot>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
      };
      const waiter = {
        score,
        resolve: (slot: Slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(slot: Slot): void {
    this.free.push(slot);
    const next = this.waiting.shift();
    if (next) next.resolve(this.take(next.score));
  }

  private take(score: (slot: Slot) => number): Slot {
    let best = 0;
    let bestScore = -1;
    this.free.forEach((slot, index) => {
      const value = score(slot);
      const better = value > bestScore || (value === bestScore && this.slots.indexOf(slot) < this.slots.indexOf(this.free[best]!));
      if (better) {
        best = index;
        bestScore = value;
      }
    });
    return this.free.splice(best, 1)[0]!;
  }
}
