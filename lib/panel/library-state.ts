/**
 * The Library tab's state, in three parts: the list of saved pages (library-list-state.ts), saving
 * the current page (library-save-state.ts) and "Ask my library" (library-ask-state.ts). This joins
 * them and follows the target page: whether it is in the library, and auto-save on the sites the
 * student listed. The work itself happens in the engine worker (lib/library/library-service.ts).
 */
import { effect } from '@preact/signals';
import type { EngineClient } from '../messaging/engine-channel';
import type { LibrarySource } from '../messaging/library-protocol';
import type { CapturedPage, TargetPage } from '../messaging/protocol';
import { LibraryAskState } from './library-ask-state';
import { filterOf, LibraryListState } from './library-list-state';
import { LibrarySaveState } from './library-save-state';
import type { OpenedCitation } from './open-citation';
import { settings } from './settings-state';
import { targetPage } from './target-page-state';

export { filterOf, type FilterChoice } from './library-list-state';
export { parseTags, type SavePhase } from './library-save-state';
export type { AskPhase } from './library-ask-state';

export interface LibraryDeps {
  engine: EngineClient;
  target(): Promise<TargetPage | null>;
  capture(tabId: number): Promise<CapturedPage>;
  /** Opens a citation (a new tab scrolled to the passage); replaceable in tests. */
  open?(source: LibrarySource): Promise<OpenedCitation>;
}

/** Whether `url`'s host is one of `sites` or a subdomain of one. */
export function onAutoSaveSite(url: string, sites: readonly string[]): boolean {
  let host: string;
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) return false;
    host = parsed.hostname.toLowerCase();
  } catch {
    return false;
  }
  return sites.some((s) => host === s || host.endsWith(`.${s}`));
}

export class LibraryState {
  readonly list: LibraryListState;
  readonly save: LibrarySaveState;
  readonly ask: LibraryAskState;

  #stopFollowing: (() => void) | undefined;
  #autoTried = new Set<string>();
  #lastUrl = '';

  constructor(deps: LibraryDeps) {
    this.list = new LibraryListState(deps.engine);
    this.save = new LibrarySaveState({
      engine: deps.engine,
      target: deps.target,
      capture: deps.capture,
      refresh: () => Promise.all([this.list.refresh(), this.list.refreshCurrent()]).then(() => undefined),
    });
    this.ask = new LibraryAskState({
      engine: deps.engine,
      filter: () => filterOf(this.list.filter.value),
      ...(deps.open ? { open: deps.open } : {}),
    });
  }

  /** Starts following the target page (saved state, auto-save); `dispose` stops it. */
  start(): () => void {
    this.#stopFollowing?.();
    this.#stopFollowing = effect(() => {
      const page = targetPage.value;
      const sites = settings.value.autoSaveSites;
      const url = page?.url ?? '';
      if (url !== this.#lastUrl) {
        this.#lastUrl = url;
        void this.list.refreshCurrent();
      }
      if (page && sites.length && onAutoSaveSite(url, sites) && !this.#autoTried.has(url)) {
        this.#autoTried.add(url);
        void this.save.autoSave(url);
      }
    });
    return () => this.dispose();
  }

  /** Stops following the target page and the embedding's progress. */
  dispose(): void {
    this.#stopFollowing?.();
    this.#stopFollowing = undefined;
    this.list.dispose();
  }
}
