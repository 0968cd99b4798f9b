/**
 * Request records in IndexedDB (fake-indexeddb, real Dexie): kept as the engine worker keeps them,
 * and a declined cloud proposal marked on the right record only.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { recordWithoutStats, type RequestRecord } from '../../lib/insights/record';
import { keepRecord, markCloudDeclined } from '../../lib/insights/record-store';
import { LocusDatabase } from '../../lib/store/db';

let counter = 0;
const open: LocusDatabase[] = [];
function freshDb(): LocusDatabase {
  counter += 1;
  const db = new LocusDatabase(`locus-records-test-${process.pid}-${counter}`);
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

function local(id: string, cloudProposed: boolean): RequestRecord {
  return recordWithoutStats(
    { id, time: Date.now(), task: 'ask', engine: 'transformers', modelId: 'stories260K', device: 'wasm', cloudProposed },
    'cancelled',
    { totalMs: 120 },
  );
}

async function records(db: LocusDatabase): Promise<RequestRecord[]> {
  return (await db.requests.toArray()).map((r) => r.record as RequestRecord);
}

describe('request records', () => {
  it('marks only the named record declined, and keeps every other figure', async () => {
    const db = freshDb();
    await keepRecord(db, local('a', true));
    await keepRecord(db, local('b', true));
    expect(await markCloudDeclined(db, 'b')).toBe(true);
    const [a, b] = await records(db);
    expect(a).toMatchObject({ id: 'a', cloudProposed: true, cloudDeclined: false });
    expect(b).toEqual({ ...local('b', true), time: b!.time, cloudDeclined: true });
  });

  it('a record that is not there, or a cloud request (accepted), is left alone', async () => {
    const db = freshDb();
    expect(await markCloudDeclined(db, 'missing')).toBe(false);
    const cloud = recordWithoutStats({ id: 'c', time: Date.now(), task: 'ask', engine: 'cloud', modelId: 'gpt', device: 'cloud' }, 'error');
    await keepRecord(db, cloud);
    expect(await markCloudDeclined(db, 'c')).toBe(false);
    expect((await records(db))[0]).toMatchObject({ id: 'c', cloudProposed: true, cloudDeclined: false, where: 'cloud' });
  });
});
