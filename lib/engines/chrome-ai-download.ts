/**
 * Starting Chrome's download of its built-in model. Chrome downloads and manages that model
 * itself; a page may only ask it to start from a student's click (`LanguageModel.create()` needs
 * user activation while the model is 'downloadable'), so this runs in the side panel, inside the
 * click on "Download Chrome's model", never in the engine worker.
 */
import { LocusError } from '../errors';
import type { LanguageModelGlobal } from './chrome-ai-bridge';
import type { PromptAvailability } from './chrome-ai-engine';

/**
 * Starts (or follows) Chrome's download; `onProgress` gets the fraction done. Resolves with the
 * state afterwards ('available' once Chrome has the model). The session created for it is closed.
 */
export async function startChromeModelDownload(
  api: LanguageModelGlobal | undefined,
  onProgress: (fraction: number) => void,
): Promise<PromptAvailability> {
  const state = api ? await api.availability() : 'unavailable';
  if (!api || state === 'unavailable') {
    throw new LocusError(
      'engine-failed',
      "This browser does not offer Chrome's built-in model (it needs Google Chrome 138 or later on a supported computer).",
    );
  }
  if (state === 'available') return state;
  const session = await api.create({
    monitor(monitor) {
      monitor.addEventListener('downloadprogress', (event) => {
        const loaded = (event as Event & { loaded?: number }).loaded;
        if (typeof loaded === 'number' && Number.isFinite(loaded)) onProgress(Math.min(1, Math.max(0, loaded)));
      });
    },
  });
  session.destroy();
  return api.availability();
}
