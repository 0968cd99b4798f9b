/**
 * The one interface every text-generation backend implements (transformers.js today; web-llm,
 * Chrome's built-in AI and cloud providers behind the same shape). Tasks only ever see this.
 */
import type { Device, DownloadProgress } from '../messaging/engine-protocol';
import type { TokenConfidence } from './confidence';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  maxNewTokens: number;
  /** 0 (the default) decodes greedily: the same input gives the same output. */
  temperature?: number;
}

export interface GenerateCallbacks {
  signal?: AbortSignal;
  /** Receives text as it is produced, in order; concatenated, the pieces equal `text`. */
  onText?: (delta: string) => void;
}

export interface GenerateResult {
  text: string;
  promptTokens: number;
  outputTokens: number;
  /** Milliseconds from the call to the first token (prompt processing included). */
  ttftMs: number;
  totalMs: number;
  finish: 'stop' | 'length' | 'cancelled';
  /**
   * How sure the model was of the tokens it chose, from its next-token distributions (engines that
   * can see them: transformers.js). Absent when the engine cannot tell. See lib/engine-api/confidence.ts.
   */
  confidence?: TokenConfidence;
  /**
   * Prompt tokens whose KV cache came from the previous request (the prefix the two prompts share),
   * so were not processed again. Absent when the engine does not reuse prompts.
   */
  reusedPromptTokens?: number;
}

export interface EngineInfo {
  engine: 'transformers' | 'llama-cpp' | 'web-llm' | 'chrome-ai' | 'cloud';
  modelId: string;
  modelName: string;
  /** 'cloud': the model runs at a cloud provider (lib/cloud/cloud-engine.ts). */
  device: Device | 'cloud';
  dtype: string;
  /** Tokens the model can attend to: prompt and answer together. */
  contextWindow: number;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onDownload?: (progress: DownloadProgress) => void;
}

export interface Engine {
  readonly info: EngineInfo;
  load(options?: LoadOptions): Promise<void>;
  readonly loaded: boolean;
  /** Tokens of `text` alone, with this model's tokenizer. */
  countTokens(text: string): Promise<number>;
  /** Tokens of the whole prompt `messages` become once the chat template is applied. */
  countPromptTokens(messages: ChatMessage[]): Promise<number>;
  /** Rejects with a `cancelled` LocusError when `signal` aborts (the partial text was streamed). */
  generate(request: GenerateRequest, callbacks?: GenerateCallbacks): Promise<GenerateResult>;
  unload(): Promise<void>;
  /** Called when the GPU device this engine runs on is lost (WebGPU engines). */
  onDeviceLost?(handler: (reason: string) => void): void;
}
