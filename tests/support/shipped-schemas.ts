/**
 * Fixtures of the schema migration tests: the database as earlier versions of Locus shipped it
 * (each upgrade is tested from what students really have on disk), rows for the tables no
 * migration has changed, and throwaway database names deleted after each test.
 */
import Dexie from 'dexie';
import { afterEach } from 'vitest';

/**
 * Opens `name` with the schema of `version` as it shipped (v2: lib/store/db.ts at a427157; v3: at
 * 9b58478; v4: at 28d2bee; v5: at a6b5709). A fixture, never to be edited: it repeats lib/store/db.ts on purpose, since the live
 * schema moves on and the shipped one must not.
 */
export function openShipped(name: string, version: 2 | 3 | 4 | 5): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({ settings: '&key' });
  db.version(2).stores({
    pages: '&id, url, course, *tags, site, savedAt',
    chunks: '&id, pageId',
    vectors: '&[model+chunkId], pageId, model',
    summaries: '++id, url, createdAt',
    conversations: '&url, updatedAt',
    decks: '&id, url, createdAt',
    requests: '++id, time, task, where',
    audit: '++id, time',
    consents: '&site',
    providers: '&id',
  });
  if (version >= 3) db.version(3).stores({ pageTexts: '&pageId', libraryMeta: '&key' });
  if (version >= 4)
    db.version(4).stores({
      reviewStates: '&id, deckId, due, state',
      reviewLogs: '++id, cardId, deckId, review',
      ocrPages: '&key, docKey, at',
    });
  if (version >= 5) db.version(5).stores({ threadItems: '++id, url, [url+created]' });
  return db;
}

/** One row in each table that no migration so far has changed: after any upgrade they read back equal. */
export function untouchedRows(): Record<string, unknown[]> {
  return {
    settings: [{ key: 'settings', value: { privacyMode: true, idleUnloadMinutes: 7 } }],
    summaries: [
      { id: 1, url: 'https://ocw.example/geo/plates', title: 'Plates', mode: 'tldr', text: 'Plates move.', modelId: 'm', createdAt: 5 },
    ],
    conversations: [
      { url: 'https://ocw.example/geo/plates', title: 'Plates', messages: [{ role: 'user', content: 'Why?', at: 6 }], updatedAt: 6 },
    ],
    requests: [{ id: 1, time: 8, task: 'summarize', where: 'local', record: { ok: true } }],
    audit: [
      {
        id: 1,
        time: 9,
        provider: 'x',
        model: 'y',
        destination: 'https://api.example',
        bytes: 10,
        redactions: { email: 1 },
        payloadSha256: 'a'.repeat(64),
        outcome: 'sent',
      },
    ],
    consents: [{ site: 'ocw.example', providerId: 'x', grantedAt: 10 }],
    providers: [
      {
        id: 'x',
        kind: 'ollama',
        name: 'Local',
        baseUrl: 'http://127.0.0.1:11434',
        model: 'llama',
        apiKey: '',
        inputPricePerMTok: 0,
        outputPricePerMTok: 0,
      },
    ],
  };
}

/** Writes `rows` (table name → rows) into the old database, and returns them to compare after the upgrade. */
export async function fillTables(db: Dexie, rows: Record<string, unknown[]>): Promise<Record<string, unknown[]>> {
  for (const [table, values] of Object.entries(rows)) await db.table(table).bulkAdd(values);
  return rows;
}

/** A fresh database name per call, each deleted after the test that made it. Call once, at the top of a test file. */
export function throwawayDatabases(prefix: string): (label?: string) => string {
  let names: string[] = [];
  afterEach(async () => {
    for (const name of names) await Dexie.delete(name);
    names = [];
  });
  return (label = '') => {
    const name = `${prefix}${label ? `-${label}` : ''}-${process.pid}-${Date.now()}-${names.length}`;
    names.push(name);
    return name;
  };
}
