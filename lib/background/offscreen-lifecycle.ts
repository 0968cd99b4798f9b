/**
 * The offscreen document (the engine host) is created on demand, recreated when Chrome closed it,
 * and closed when it reports being idle. Only one can exist per extension.
 */
import { closeEngineDocument, createEngineDocument, hasEngineDocument } from '../platform/engine-document';
import { browser } from '../platform/extension-api';

export const OFFSCREEN_PATH = 'offscreen.html';
const READY_TIMEOUT_MS = 15_000;

let creating: Promise<void> | undefined;
let readyWaiters: Array<() => void> = [];

/** Called when the offscreen document says its listeners are in place. */
export function offscreenReady(): void {
  const waiters = readyWaiters;
  readyWaiters = [];
  for (const resolve of waiters) resolve();
}

function waitForReady(): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the engine host did not start in time')), READY_TIMEOUT_MS);
    readyWaiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Ensures the engine host exists; true when it had to be created. */
export async function ensureOffscreen(): Promise<boolean> {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  if (creating) {
    await creating;
    return false;
  }
  if (await hasEngineDocument(url)) return false;
  creating = (async () => {
    const ready = waitForReady();
    try {
      await createEngineDocument(OFFSCREEN_PATH, "Runs Locus's on-device language and embedding models.");
    } catch (error) {
      // Another caller won the race: the document exists, which is all we need.
      if (!(await hasEngineDocument(url))) throw error;
      offscreenReady();
    }
    await ready;
  })().finally(() => {
    creating = undefined;
  });
  await creating;
  return true;
}

export async function closeOffscreen(): Promise<void> {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  if (await hasEngineDocument(url)) await closeEngineDocument();
}
