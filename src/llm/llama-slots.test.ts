import { commonPrefixLength, MIN_TILED_BATCH, reusableLength, SlotPool } from './llama-slots';

const range = (length: number, offset = 0) => Array.from({ length }, (_, index) => index + offset);

/** The chunk sizes llama.cpp evaluates when `kept` tokens are kept and the rest is split in `batch` chunks. */
function chunks(length: number, kept: number, batch: number): number[] {
  const sizes: number[] = [];
  for (let start = kept; start < length; start += batch) sizes.push(Math.min(batch, length - start));
  return sizes;
}

/** Which tokens are evaluated on the per-query path (small batch) for a given kept prefix. */
function smallBatchTokens(length: number, kept: number, batch: number): number[] {
  const tokens: number[] = [];
  let start = kept;
  for (const size of chunks(length, kept, batch)) {
    if (size < MIN_TILED_BATCH) tokens.push(...range(size, start));
    start += size;
  }
  return tokens;
}

describe('reusableLength', () => {
  it('keeps a CST prompt’s shared instruction and examples', () => {
    const held = [...range(564), ...range(100, 10_000)];
    const prompt = [...range(564), ...range(80, 20_000)];
    expect(commonPrefixLength(held, prompt)).toBe(564);
    expect(reusableLength(held, prompt, 512)).toBe(564);
  });

  it('always evaluates the last prompt token, even for a repeated prompt', () => {
    const prompt = range(700);
    const kept = reusableLength([...prompt, 5, 6], prompt, 512);
    expect(kept).toBeLessThan(prompt.length);
    expect(chunks(prompt.length, kept, 512).at(-1)).toBeGreaterThanOrEqual(MIN_TILED_BATCH);
  });

  it('never evaluates a token in a different kind of batch than from scratch', () => {
    const tokens = range(1200);
    /** The last chunk from scratch of every case that leaves a single token to evaluate. */
    const lastChunksOfSingles: number[] = [];
    for (const batch of [512, 256]) {
      // Every 11th length, and lengths one past the chunk grid (the only ones a single token can be left of).
      for (const length of [...range(109).map((step) => 2 + 11 * step), batch + 1, 2 * batch + 1]) {
        const fresh = smallBatchTokens(length, 0, batch);
        const prompt = tokens.slice(0, length);
        for (const shared of [...range(Math.floor(length / 7) + 1).map((step) => 7 * step), length - 1, length]) {
          const kept = reusableLength(tokens.slice(0, shared), prompt, batch);
          expect(kept).toBeLessThanOrEqual(Math.min(shared, length - 1));
          // Kept tokens are not evaluated; every other token lands on the same path as from scratch.
          expect(smallBatchTokens(length, kept, batch)).toEqual(fresh.filter((token) => token >= kept));
          if (length - kept === 1) lastChunksOfSingles.push(chunks(length, 0, batch).at(-1)!);
        }
      }
    }
    // A single evaluated token takes llama.cpp's split-KV path: only when it would from scratch too.
    expect(lastChunksOfSingles.length).toBeGreaterThan(0);
    expect(lastChunksOfSingles).toEqual(lastChunksOfSingles.map(() => 1));
  });

  it('keeps nothing of an unrelated sequence', () => {
    expect(reusableLength(range(600, 1), range(600), 512)).toBe(0);
    expect(reusableLength([], range(600), 512)).toBe(0);
  });
});

describe('SlotPool', () => {
  it('hands out the free slot with the best score, the lowest index on a tie', async () => {
    const pool = new SlotPool(['a', 'b', 'c']);
    const scores: Record<string, number> = { a: 1, b: 5, c: 5 };
    expect(await pool.acquire((slot) => scores[slot]!)).toBe('b');
    expect(await pool.acquire((slot) => scores[slot]!)).toBe('c');
    expect(await pool.acquire(() => 0)).toBe('a');
  });

  it('queues callers in order when every slot is busy, and lets an aborted wait go', async () => {
    const pool = new SlotPool(['only']);
    const first = await pool.acquire(() => 0);
    const controller = new AbortController();
    const abandoned = pool.acquire(() => 0, controller.signal);
    const second = pool.acquire(() => 0);
    controller.abort();
    await expect(abandoned).rejects.toThrow();
    pool.release(first);
    expect(await second).toBe('only');
  });
});
