/** Lengths are Unicode code points (SPEC), never UTF-16 units: an emoji or a rare CJK character counts once. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
