/**
 * The content script runs once per frame. Chrome injects it into every frame, and the background
 * injects it again into tabs that did not answer (opened before install, or a slow top frame:
 * lib/background/capture-tab.ts); `executeScript` then runs it a second time in frames that already
 * have it. A marker on the frame's window in the extension's isolated world (pages cannot see it)
 * makes the second run do nothing while the first is alive. After an extension update the first
 * instance is orphaned (its runtime is gone): it is stopped and the new one starts.
 */
const MARKER = '__locusContentScript';

interface Running {
  alive(): boolean;
  stop(): void;
}

/** Runs `start` unless this frame already runs a live instance; true when it started. */
export function startOnce(scope: object, start: () => Running): boolean {
  const slot = scope as Record<string, Running | undefined>;
  const previous = slot[MARKER];
  if (previous?.alive()) return false;
  previous?.stop();
  const running = start();
  Object.defineProperty(scope, MARKER, { value: running, configurable: true, enumerable: false, writable: true });
  return true;
}
