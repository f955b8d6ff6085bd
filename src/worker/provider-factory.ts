/** Builds the worker's ChatProvider from its configuration and environment (the only place the API key is read). */
import { createLlamaProvider } from '../llm/llama-provider';
import { OpenAiProvider } from '../llm/openai-provider';
import type { ChatProvider } from '../llm/provider';
import { apiKeyFromEnv, WorkerConfigError, type WorkerConfig } from './worker-config';

export async function createProvider(config: WorkerConfig, env: NodeJS.ProcessEnv = process.env): Promise<ChatProvider> {
  const llm = config.llm;
  if (llm.provider === 'llama') {
    // Loads the model and hashes the file (the response cache's identity) once, at worker start.
    return createLlamaProvider({ modelPath: llm.llamaModelPath!, threads: llm.llamaThreads, sequences: llm.llamaSequences, contextSize: llm.llamaContextSize });
  }
  const apiKey = apiKeyFromEnv(env);
  if (!apiKey && !llm.baseUrl) {
    throw new WorkerConfigError(
      'worker config: no API key for OpenAI: set AUGCON_LLM_API_KEY (or OPENAI_API_KEY), or point AUGCON_LLM_BASE_URL at a local OpenAI-compatible server',
    );
  }
  return new OpenAiProvider({
    baseUrl: llm.baseUrl,
    // Local servers (vLLM, Ollama, llama.cpp) usually accept any key.
    apiKey: apiKey ?? 'no-key',
    model: llm.model,
    requestTimeoutMs: llm.requestTimeoutSeconds * 1000,
    structuredOutput: llm.structuredOutput !== 'off',
    embeddingModel: llm.embeddingModel,
  });
}
