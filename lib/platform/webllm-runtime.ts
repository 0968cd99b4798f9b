/**
 * web-llm's runtime, loaded on first use. Not in the Firefox build: its one 6 MB module is over the
 * 5 MB that Mozilla's add-on linter parses (`web-ext lint` fails with FILE_TOO_LARGE, so the add-on
 * could not be listed), and web-llm needs WebGPU, which Firefox ESR on Linux does not offer.
 * README "Firefox" says so; the Chrome build is unchanged.
 */
import { LocusError } from '../errors';
import { IS_FIREFOX } from './target-browser';

export type WebLlmModule = typeof import('@mlc-ai/web-llm');

export function loadWebLlm(): Promise<WebLlmModule> {
  if (IS_FIREFOX) {
    return Promise.reject(
      new LocusError('engine-failed', 'The WebGPU engine (web-llm) is not part of Locus for Firefox. Choose the ONNX engine in Models.'),
    );
  }
  return import('@mlc-ai/web-llm');
}
