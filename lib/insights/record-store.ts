/**
 * Request records in IndexedDB (the `requests` table): kept by the engine worker, read by Insights.
 */
import type { LocusDatabase } from '../store/db';
import { requestRecordSchema, type RequestRecord } from './record';

export async function keepRecord(db: LocusDatabase, record: RequestRecord): Promise<void> {
  await db.requests.add({ time: record.time, task: record.task, where: record.where, record });
}

/** How far back a decline is looked for: a proposal is answered within minutes of its request. */
const DECLINE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The student said no to the cloud proposal made during request `recordId`, after it was kept. */
export async function markCloudDeclined(db: LocusDatabase, recordId: string): Promise<boolean> {
  return db.transaction('rw', db.requests, async () => {
    const rows = await db.requests
      .where('time')
      .aboveOrEqual(Date.now() - DECLINE_WINDOW_MS)
      .toArray();
    const row = rows.find((r) => (r.record as Partial<RequestRecord> | undefined)?.id === recordId);
    if (!row || row.id === undefined) return false;
    const parsed = requestRecordSchema.safeParse({ ...(row.record as object), cloudProposed: true, cloudDeclined: true });
    if (!parsed.success) return false; // a cloud record: it was accepted, not declined
    await db.requests.update(row.id, { record: parsed.data });
    return true;
  });
}
