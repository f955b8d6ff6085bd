/**
 * Word tokens for ROUGE-L (SPEC stage 2): Intl.Segmenter word granularity, lower-cased, punctuation
 * and spaces dropped. Chinese is segmented into words by ICU's dictionary, English by spaces.
 */
const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

export function wordTokens(text: string, locale = 'und'): string[] {
  const tokens: string[] = [];
  for (const segment of segmenterFor(locale).segment(text)) {
    if (segment.isWordLike) tokens.push(segment.segment.toLocaleLowerCase());
  }
  return tokens;
}
