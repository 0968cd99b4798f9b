/**
 * The Engine on web-llm (MLC, WebGPU only). Weights come from the configured model host in the hub
 * layout (web-llm downloads and caches them itself, in IndexedDB: Locus does not check them); the
 * compiled model library, executable code, only from the package: a build that does not ship a
 * model's library does not offer that model (lib/catalog/catalog.ts), and nothing executable is
 * fetched at run time. The GPU is checked before anything is fetched: web-llm itself downloads its
 * config and library first and only then finds out.
 *
 * Not tested end to end on these machines (no MLC weights or libraries can be obtained here), so
 * the recommendation never picks it: it is the student's own choice in Models.
 */
import type { AppConfig, MLCEngine as MLCEngineType } from '@mlc-ai/web-llm';
import type { CatalogModel, WebllmVariant } from '../catalog/catalog';
import { LocusError, cancelled, writingFailed } from '../errors';
import type { DownloadProgress } from '../messaging/engine-protocol';
import type { GpuFacts } from '../catalog/device';
import type {
  ChatMessage,
  Engine,
  EngineInfo,
  GenerateCallbacks,
  GenerateRequest,
  GenerateResult,
  LoadOptions,
} from '../engine-api/engine';

type WebLlmModule = typeof import('@mlc-ai/web-llm');

export interface WebLlmHosts {
  modelHost: string;
  /** Base URL of the model libraries bundled in the package. */
  packagedLibraryBase: string;
  /** The libraries this build ships. */
  packagedLibraries: readonly string[];
}

/** `https://huggingface.co/mlc-ai/X-MLC` → `mlc-ai/X-MLC`: the repository path on any mirror. */
export function repositoryPath(modelUrl: string): string {
  const path = new URL(modelUrl).pathname.replace(/^\/+|\/+$/g, '');
  return path.replace(/\/resolve\/main$/, '');
}

/** The app config web-llm gets: only this model, at the configured host, its library from the package. */
export function buildWebLlmConfig(variant: WebllmVariant, hosts: WebLlmHosts): AppConfig {
  const lib = variant.modelLib;
  if (!hosts.packagedLibraries.includes(lib)) {
    throw new LocusError(
      'model-not-in-catalog',
      `This build of Locus does not include web-llm's compiled code for ${variant.modelId}, so it cannot run it (Locus never downloads code). Choose the transformers.js engine in Models.`,
    );
  }
  return {
    cacheBackend: 'indexeddb',
    model_list: [
      {
        // web-llm appends `resolve/main/` to this URL: the hub layout every mirror follows.
        model: `${hosts.modelHost.replace(/\/+$/, '')}/${repositoryPath(variant.modelUrl)}`,
        model_id: variant.modelId,
        model_lib: `${hosts.packagedLibraryBase.replace(/\/+$/, '')}/${lib}`,
        ...(variant.vramMB !== null ? { vram_required_MB: variant.vramMB } : {}),
        low_resource_required: variant.lowResource,
        required_features: variant.needsShaderF16 ? ['shader-f16'] : [],
        ...(variant.contextWindow ? { overrides: { context_window_size: variant.contextWindow } } : {}),
      },
    ],
  };
}

export interface WebLlmDeps {
  probeGpu(): Promise<GpuFacts>;
  /** Loaded on first use: the web-llm bundle is large and most devices never need it. */
  loadRuntime(): Promise<Pick<WebLlmModule, 'MLCEngine'>>;
}

interface PipelineWithTokenizer {
  tokenizer?: { encode(text: string): ArrayLike<number> };
}

export class WebLlmEngine implements Engine {
  readonly info: EngineInfo;
  #engine: MLCEngineType | undefined;
  readonly #config: AppConfig;

  constructor(
    model: CatalogModel,
    private readonly variant: WebllmVariant,
    hosts: WebLlmHosts,
    private readonly deps: WebLlmDeps,
  ) {
    this.#config = buildWebLlmConfig(variant, hosts);
    this.info = {
      engine: 'web-llm',
      modelId: model.id,
      modelName: model.name,
      device: 'webgpu',
      dtype: variant.modelId.match(/q\d+f\d+(_\d)?/)?.[0] ?? 'mlc',
      contextWindow: variant.contextWindow ?? model.contextWindow,
    };
  }

  get appConfig(): AppConfig {
    return this.#config;
  }

  get loaded(): boolean {
    return this.#engine !== undefined;
  }

  async load(options: LoadOptions = {}): Promise<void> {
    if (this.#engine) return;
    const gpu = await this.deps.probeGpu();
    if (!gpu.available) {
      throw new LocusError(
        'webgpu-unavailable',
        `${this.info.modelName} runs with web-llm, which needs WebGPU, and this browser offers none. Nothing was downloaded. Choose the transformers.js engine or another model in Models.`,
      );
    }
    if (this.variant.needsShaderF16 && !gpu.shaderF16) {
      throw new LocusError(
        'webgpu-unavailable',
        `This build of ${this.info.modelName} needs 16-bit float support on the GPU (shader-f16), which this GPU lacks. Nothing was downloaded.`,
      );
    }
    const { MLCEngine } = await this.deps.loadRuntime();
    const started = performance.now();
    const estimate = (this.variant.vramMB ?? 0) * 1e6;
    const engine = new MLCEngine({
      appConfig: this.#config,
      initProgressCallback: (report) => {
        // web-llm reports a fraction of its whole load, not bytes: bytes are estimated from it.
        const seconds = (performance.now() - started) / 1000;
        const loaded = report.progress * estimate;
        const progress: DownloadProgress = {
          modelId: this.info.modelId,
          file: report.text.slice(0, 120),
          loaded,
          total: estimate,
          bytesPerSecond: seconds > 0 ? loaded / seconds : 0,
          etaSeconds: report.progress > 0 && report.progress < 1 ? (seconds * (1 - report.progress)) / report.progress : null,
        };
        options.onDownload?.(progress);
      },
    });
    const onAbort = () => void engine.unload();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await engine.reload(this.variant.modelId);
    } catch (error) {
      if (options.signal?.aborted) throw cancelled();
      const text = error instanceof Error ? error.message : String(error);
      throw new LocusError('engine-failed', `web-llm could not start ${this.info.modelName}: ${text}`, { cause: error });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    this.#engine = engine;
  }

  #tokenizer(): PipelineWithTokenizer['tokenizer'] {
    // web-llm keeps its tokenizer on the loaded pipeline and exposes no public encode().
    const pipelines = (this.#engine as unknown as { loadedModelIdToPipeline?: Map<string, PipelineWithTokenizer> })
      ?.loadedModelIdToPipeline;
    return pipelines?.get(this.variant.modelId)?.tokenizer;
  }

  async countTokens(text: string): Promise<number> {
    const tokenizer = this.#tokenizer();
    // Without the tokenizer, a deliberately high estimate: budgets stay safe, chunks just get smaller.
    return tokenizer ? tokenizer.encode(text).length : Math.ceil(text.length / 2.5);
  }

  async countPromptTokens(messages: ChatMessage[]): Promise<number> {
    let total = 0;
    for (const m of messages) total += (await this.countTokens(m.content)) + 8; // role markers of the template
    return total + 8;
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerateResult> {
    const engine = this.#engine;
    if (!engine) throw new LocusError('engine-failed', 'The model is not loaded.');
    const { signal, onText } = callbacks;
    if (signal?.aborted) throw cancelled();
    const started = performance.now();
    let firstAt: number | undefined;
    let text = '';
    let promptTokens = 0;
    let outputTokens = 0;
    let finish: GenerateResult['finish'] = 'stop';
    const onAbort = () => void engine.interruptGenerate();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const stream = await engine.chat.completions.create({
        messages: request.messages,
        stream: true,
        max_tokens: request.maxNewTokens,
        temperature: request.temperature ?? 0,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content ?? '';
        if (delta) {
          firstAt ??= performance.now();
          text += delta;
          onText?.(delta);
        }
        if (chunk.choices[0]?.finish_reason === 'length') finish = 'length';
        if (chunk.usage) {
          promptTokens = chunk.usage.prompt_tokens;
          outputTokens = chunk.usage.completion_tokens;
        }
      }
    } catch (error) {
      throw writingFailed(this.info.modelName, error, signal?.aborted === true);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) throw cancelled();
    const ended = performance.now();
    return { text, promptTokens, outputTokens, ttftMs: (firstAt ?? ended) - started, totalMs: ended - started, finish };
  }

  async unload(): Promise<void> {
    const engine = this.#engine;
    this.#engine = undefined;
    await engine?.unload();
  }
}
