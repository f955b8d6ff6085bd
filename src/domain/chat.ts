/**
 * A chat message as prompts are built from it: the domain's prompt builders (CST, answers, judge)
 * return these, and every LLM backend (src/llm) sends them. Pure types, no I/O.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}
