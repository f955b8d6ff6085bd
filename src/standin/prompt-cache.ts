/**
 * The stand-in's model of a provider's prompt cache: a chat request's messages before its last one are
 * its static prefix (instruction, examples, principles, demonstrations; the variable part, context and
 * question, comes last). When a later request repeats a prefix byte for byte, its prompt tokens are
 * reported as cached (usage.prompt_tokens_details.cached_tokens), as OpenAI-compatible endpoints do.
 * Simpler than a real provider: no 1,024-token minimum, no 128-token steps, no eviction.
 */
import { createHash } from 'node:crypto';
import { cacheablePrefix } from '../domain/chat';
import { approximateMessagesTokens } from '../domain/text/tokens';

export interface PrefixMessage {
  role: string;
  content?: string | null;
}

export class PromptCache {
  private readonly seen = new Set<string>();

  /** The prompt tokens of this request's prefix that an earlier request already sent; remembers the prefix. */
  cachedTokens(messages: readonly PrefixMessage[]): number {
    const prefix = cacheablePrefix(messages);
    if (prefix.length === 0) return 0;
    const key = createHash('sha256').update(JSON.stringify(prefix.map((message) => [message.role, message.content ?? '']))).digest('hex');
    const hit = this.seen.has(key);
    this.seen.add(key);
    return hit ? approximateMessagesTokens(prefix) : 0;
  }

  clear(): void {
    this.seen.clear();
  }
}
