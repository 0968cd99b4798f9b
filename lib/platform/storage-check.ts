/**
 * Can Locus keep what it saves in this window? Firefox gives an add-on's pages in a private window
 * storage that is forgotten when the window closes, or none at all (IndexedDB or OPFS then throw).
 * The panel says so plainly instead of letting a student build a library that is lost.
 * `storageVerdict` is pure (unit-tested); `probeStorage` asks the browser.
 */
import { t } from '../i18n/t';
import { browser } from './extension-api';

export type StoreState = 'ok' | 'missing' | 'failed';

export interface StorageFacts {
  /** The page runs in a private (incognito) window. */
  privateWindow: boolean;
  /** IndexedDB: the library, flashcards, settings and history. */
  indexedDb: StoreState;
  /** The origin-private file system: downloaded models and saved PDFs. */
  opfs: StoreState;
}

export type StorageVerdict =
  { kind: 'ok' } | { kind: 'temporary'; title: string; detail: string } | { kind: 'unavailable'; title: string; detail: string };

/** What the student is told, from the probed facts. */
export function storageVerdict(facts: StorageFacts): StorageVerdict {
  const db = facts.indexedDb !== 'ok';
  const files = facts.opfs !== 'ok';
  if (db || files) {
    const what = db && files ? 'status_storageWhatBoth' : db ? 'status_storageWhatLibrary' : 'status_storageWhatModels';
    return {
      kind: 'unavailable',
      title: t(facts.privateWindow ? 'status_storageCannotSavePrivate' : 'status_storageCannotSave', t(what)),
      detail: t(facts.privateWindow ? 'status_storagePrivateNoStorage' : 'status_storageRefused'),
    };
  }
  if (facts.privateWindow) {
    return { kind: 'temporary', title: t('status_storagePrivateTitle'), detail: t('status_storagePrivateDetail') };
  }
  return { kind: 'ok' };
}

function settle(promise: Promise<unknown>): Promise<StoreState> {
  return promise.then(
    () => 'ok' as const,
    () => 'failed' as const,
  );
}

/** Opens (then deletes) a probe database: private windows without storage fail here. */
function probeIndexedDb(): Promise<StoreState> {
  if (typeof indexedDB === 'undefined') return Promise.resolve('missing');
  return settle(
    new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('locus-storage-check');
      request.onsuccess = () => {
        request.result.close();
        // Opening worked: that is the answer, however the clean-up ends.
        const removal = indexedDB.deleteDatabase('locus-storage-check');
        removal.onsuccess = removal.onerror = () => resolve();
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB refused'));
    }),
  );
}

function probeOpfs(): Promise<StoreState> {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.getDirectory !== 'function') return Promise.resolve('missing');
  return settle(navigator.storage.getDirectory());
}

export async function probeStorage(): Promise<StorageFacts> {
  const [indexedDb, opfs] = await Promise.all([probeIndexedDb(), probeOpfs()]);
  return { privateWindow: browser.extension.inIncognitoContext === true, indexedDb, opfs };
}
