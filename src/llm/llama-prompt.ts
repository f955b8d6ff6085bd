/**
 * Renders chat messages into the tokens a GGUF model is prompted with: the model's own Jinja chat
 * template from its GGUF metadata (node-llama-cpp's JinjaTemplateChatWrapper, so the result is the
 * template's text, e.g. SmolLM2's ChatML with its default system prompt), or a plain transcript for
 * models that have no template. resolveChatWrapper's auto mode is not used: for SmolLM2 it picks the
 * generic ChatML wrapper, which adds a BOS token that the template does not have.
 */
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { ChatHistoryItem, LlamaModel, LlamaText, Token } from 'node-llama-cpp';
import type { ChatMessage } from '../domain/chat';

type NodeLlamaCpp = typeof NodeLlamaCppModule;

export interface RenderedPrompt {
  /** Exactly the tokens the context evaluates, the beginning token included. */
  tokens: Token[];
  /** What LlamaCompletion is given (it prepends the beginning token itself when the model wants one). */
  input: Token[];
  /** The template's end-of-turn markers (usually end-of-generation tokens as well). */
  stopTriggers: LlamaText[];
}

export interface PromptRenderer {
  /** "JinjaTemplate" (the GGUF's chat template), another node-llama-cpp wrapper name, or "transcript". */
  readonly format: string;
  render(messages: readonly ChatMessage[]): RenderedPrompt;
}

/** A plain transcript for models without a chat template. */
export function transcript(messages: readonly ChatMessage[]): string {
  const label = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
  return `${messages.map((message) => `${label[message.role]}: ${message.content}`).join('\n\n')}\n\nAssistant:`;
}

function chatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history = messages.map((message): ChatHistoryItem =>
    message.role === 'assistant' ? { type: 'model', response: [message.content] } : { type: message.role, text: message.content },
  );
  // An empty model turn at the end renders the generation prompt ("<|im_start|>assistant\n").
  return [...history, { type: 'model', response: [] }];
}

/** Mirrors LlamaCompletion: the token it puts before the input, if any (llama.cpp's tokenizer rules). */
function beginningToken(library: NodeLlamaCpp, model: LlamaModel): Token | undefined {
  const type = model.vocabularyType;
  if (type === library.LlamaVocabularyType.rwkv || type === library.LlamaVocabularyType.ugm) return undefined;
  if (type === library.LlamaVocabularyType.wpm || model.tokens.shouldPrependBosToken) return model.tokens.bos ?? undefined;
  return undefined;
}

export function createPromptRenderer(library: NodeLlamaCpp, model: LlamaModel): PromptRenderer {
  const first = beginningToken(library, model);
  const finish = (rendered: Token[], stopTriggers: LlamaText[]): RenderedPrompt => {
    // A template that writes the BOS token itself would otherwise get a second one from LlamaCompletion.
    const input = first !== undefined && rendered[0] === first ? rendered.slice(1) : rendered;
    return { tokens: first === undefined ? input : [first, ...input], input, stopTriggers };
  };
  const template = model.fileInfo.metadata?.tokenizer?.chat_template;
  if (typeof template !== 'string' || template.trim() === '') {
    return { format: 'transcript', render: (messages) => finish(model.tokenize(transcript(messages)), []) };
  }
  const wrapper = library.resolveChatWrapper(model, { type: 'jinjaTemplate' });
  return {
    format: wrapper.wrapperName,
    render(messages) {
      const state = wrapper.generateContextState({ chatHistory: chatHistory(messages) });
      return finish(state.contextText.tokenize(model.tokenizer), state.stopGenerationTriggers);
    },
  };
}
