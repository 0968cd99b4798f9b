/**
 * The one way to wrap an engine before a task sees it (metering in lib/tasks/runner.ts, Stop checks
 * in lib/engine-host/cancel-flags.ts, the router's watch in lib/router/watch.ts). A decorator names
 * only the calls it changes; every other call goes to the inner engine with the inner engine as its
 * receiver (engines keep private `#` state). Decorators compose: decorate a decorated engine.
 */
import type { Engine } from './engine';

/** The calls a decorator may replace: the ones a task makes while it runs. */
export type EngineOverrides = Partial<Pick<Engine, 'countTokens' | 'countPromptTokens' | 'generate'>>;

export function decorateEngine(inner: Engine, overrides: EngineOverrides): Engine {
  return {
    get info() {
      return inner.info;
    },
    get loaded() {
      return inner.loaded;
    },
    load: (options) => inner.load(options),
    unload: () => inner.unload(),
    countTokens: overrides.countTokens ?? ((text) => inner.countTokens(text)),
    countPromptTokens: overrides.countPromptTokens ?? ((messages) => inner.countPromptTokens(messages)),
    generate: overrides.generate ?? ((request, callbacks) => inner.generate(request, callbacks)),
    ...(inner.onDeviceLost ? { onDeviceLost: (handler: (reason: string) => void) => inner.onDeviceLost!(handler) } : {}),
  };
}
