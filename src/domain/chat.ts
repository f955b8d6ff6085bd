/**
 * A chat message as prompts are built from it: the domain's prompt builders (CST, answers, judge)
 * return these, and every LLM backend (src/llm) sends them. Pure types, no I/O.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/**
 * The part of a prompt a provider's prompt cache can serve: every message but the last. Every prompt
 * family keeps its static part (instruction, examples, principles, demonstrations) there, identical
 * across a run's calls, and the variable part (context, question) in the last message
 * (prompt-layout.test.ts); `augcon plan` counts it and the stand-in reports it cached when repeated.
 */
export function cacheablePrefix<M>(messages: readonly M[]): readonly M[] {
  return messages.slice(0, -1);
}
