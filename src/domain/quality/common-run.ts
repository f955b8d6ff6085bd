/**
 * The longest contiguous run of tokens two sequences share (longest common substring over word
 * tokens), as opposed to ROUGE-L's longest common subsequence, which may skip tokens. A long shared
 * run means text was copied verbatim. O(n·m) time, O(min(n, m)) memory.
 */
export function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  if (short.length === 0) return 0;
  let previous = new Uint32Array(short.length + 1);
  let current = new Uint32Array(short.length + 1);
  let best = 0;
  for (const token of long) {
    for (let j = 1; j <= short.length; j += 1) {
      const run = token === short[j - 1] ? previous[j - 1]! + 1 : 0;
      current[j] = run;
      if (run > best) best = run;
    }
    [previous, current] = [current, previous];
  }
  return best;
}
