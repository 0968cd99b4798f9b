// Writing a row into Locus's own IndexedDB from one of its pages (the panel), as an older build or
// an earlier session would have left it: a deck made before, a card kept before a field existed.
// Through the page, so the row goes into the real database the extension reads.

/**
 * Puts `row` into the object store `store` of the database "locus" (added, or replaced by its key).
 * @param {import('puppeteer-core').Page} page an extension page (the side panel)
 * @param {string} store
 * @param {unknown} row
 * @returns {Promise<void>}
 */
export function putLocusRow(page, store, row) {
  return page.evaluate(
    (name, value) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(name, 'readwrite');
          tx.objectStore(name).put(value);
          tx.oncomplete = () => {
            open.result.close();
            resolve(undefined);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    store,
    row,
  );
}
