// What Locus kept in its IndexedDB, read with the raw IndexedDB API from one of its pages (not with
// Locus's own code), for tests that check a state rather than a screen.
import { UI } from './deadlines.mjs';
import { until } from './until.mjs';

/**
 * @typedef {{ outcome: string, where: string, task: string, engine: string, tokensIn: number, tokensOut: number, ttftMs: number, tokensPerSecond: number, cloudProposed?: boolean, cloudDeclined?: boolean }} RequestRecord
 */

/**
 * The records of every request Locus ran (the "requests" store, oldest first): one per task, written
 * by the engine host once the task has ended, however it ended.
 * @param {import('puppeteer-core').Page} page a page of the extension (the panel)
 * @returns {Promise<RequestRecord[]>}
 */
export function requestRecords(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('requests').objectStore('requests').getAll();
          all.onsuccess = () => {
            resolve(all.result.map((row) => row.record));
            open.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * Waits until Locus has kept `count` request records (the task that ended last is then recorded).
 * @param {import('puppeteer-core').Page} page
 * @param {number} count
 */
export async function waitForRecords(page, count, timeoutMs = UI) {
  /** @type {RequestRecord[]} */
  let last = [];
  await until(
    async () => {
      last = await requestRecords(page);
      return last.length >= count;
    },
    { timeoutMs, what: () => `Locus kept ${last.length} request records, not ${count}` },
  );
  return last;
}

/**
 * Waits until the request record at `index` (0 = the oldest) is kept and `holds` for it; returns it.
 * @param {import('puppeteer-core').Page} page
 * @param {number} index
 * @param {(record: RequestRecord) => boolean} [holds]
 * @param {string} [what] the state awaited, for the error message
 */
export async function waitForRecord(page, index, holds = () => true, what = 'kept', timeoutMs = UI) {
  /** @type {RequestRecord | undefined} */
  let record;
  await until(
    async () => {
      record = (await requestRecords(page))[index];
      return Boolean(record && holds(record));
    },
    { timeoutMs, what: () => `request record ${index} is not ${what}: ${JSON.stringify(record ?? null)}` },
  );
  return /** @type {RequestRecord} */ (record);
}
