/**
 * What the stand-in answers to a chat: a plugged-in responder's reply if one claims the prompt, else
 * an answer, judge or critique reply, else a CST reply (question and split), else the first sentence
 * of the last user turn.
 */
import type { ChatMessage } from '../domain/chat';
import { describeCritiquePrompt } from '../domain/answer/critique';
import { describeJudgePrompt } from '../domain/answer/judge';
import { describeQualityJudgePrompt } from '../domain/judge/quality-judge';
import { describeAnswerPrompt } from '../domain/answer/prompt';
import { answerStandinReply, standinAnswerKind } from './answer-responder';
import type { CallKind } from './call-record';
import { answerCstPrompt, formatCstReply } from './cst-responder';
import type { ChatBody } from './request-bodies';

export interface ResponderRequest {
  messages: ChatMessage[];
  seed?: number;
  temperature?: number;
  jsonSchema?: unknown;
}

/** Later stages plug in answers for their prompt kinds (answers, judgements). */
export type Responder = (request: ResponderRequest) => { content: string; kind?: CallKind } | undefined;

export interface ChatReply {
  content: string;
  kind: CallKind;
  /** The node context the prompt was about, when it has one. */
  context?: string;
}

function firstSentence(text: string): string {
  const match = /^[\s\S]*?[.!?。！？](\s|$)/u.exec(text.trim());
  return (match?.[0] ?? text).trim().slice(0, 400);
}

export function chatReply(body: ChatBody, responders: readonly Responder[]): ChatReply {
  const messages: ChatMessage[] = body.messages
    .filter((message) => message.role === 'system' || message.role === 'user' || message.role === 'assistant')
    .map((message) => ({ role: message.role as ChatMessage['role'], content: message.content ?? '' }));
  const requestSeed = body.seed ?? 0;
  for (const responder of responders) {
    const answer = responder({ messages, seed: body.seed, temperature: body.temperature, jsonSchema: body.response_format?.json_schema });
    if (answer) return { content: answer.content, kind: answer.kind ?? 'other' };
  }
  // Answer, judge and critique prompts first: their user turns carry <context> tags a CST prompt has too.
  const answerKind = standinAnswerKind(messages);
  const answerReply = answerKind && answerStandinReply(messages, requestSeed);
  if (answerKind && answerReply !== undefined) {
    const context = (describeAnswerPrompt(messages) ?? describeCritiquePrompt(messages) ?? describeJudgePrompt(messages) ?? describeQualityJudgePrompt(messages))?.context;
    return { content: answerReply, kind: answerKind, ...(context === undefined ? {} : { context }) };
  }
  const cst = answerCstPrompt(messages, requestSeed);
  if (cst) {
    const wantsJson = body.response_format?.type === 'json_schema' || body.response_format?.type === 'json_object' || cst.description.format === 'json';
    const weak = cst.description.instruction === 'terse' || cst.description.exampleCount <= 1;
    return { content: formatCstReply(cst, wantsJson ? 'json' : 'text'), kind: weak ? 'cst-weak' : 'cst', context: cst.description.context };
  }
  const lastUser = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  return { content: firstSentence(lastUser), kind: 'other' };
}
