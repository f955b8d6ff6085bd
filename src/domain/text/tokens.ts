/** A deterministic token estimate (the stand-in's usage numbers, augcon plan): one per CJK character, one per 4 other characters. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The estimate summed over messages (a message without content counts none). */
export function approximateMessagesTokens(messages: readonly { content?: string | null }[]): number {
  return messages.reduce((sum, message) => sum + approximateTokens(message.content ?? ''), 0);
}

export function approximateTokens(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const character of text) {
    if (CJK.test(character)) cjk += 1;
    else other += 1;
  }
  return cjk + Math.ceil(other / 4);
}
