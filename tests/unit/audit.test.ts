/**
 * The audit log on a real Dexie database: written before a request leaves, completed with its
 * outcome, listed newest first, exported as JSON and CSV (formula-safe), cleared on request.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { auditToCsv, auditToJson, clearAudit, databaseAuditor, listAudit, type AuditEntry } from '../../lib/privacy/audit';
import { LocusDatabase } from '../../lib/store/db';

let db: LocusDatabase | undefined;
afterEach(async () => {
  await db?.delete();
});

const ENTRY: AuditEntry = {
  time: Date.UTC(2026, 10, 21, 9, 30),
  provider: 'Example AI',
  providerId: 'p1',
  model: 'big-1',
  destination: 'https://api.example.com/v1/chat/completions',
  bytes: 1234,
  redactions: { EMAIL_ADDRESS: 2, PHONE_NUMBER: 0 },
  payloadSha256: 'a'.repeat(64),
  consent: 'once',
  site: 'course.example.edu',
};

describe('audit log', () => {
  it('records, completes, lists and clears', async () => {
    db = new LocusDatabase(`locus-audit-test-${process.pid}`);
    const auditor = databaseAuditor(() => db!);
    const first = await auditor.before(ENTRY);
    const second = await auditor.before({ ...ENTRY, time: ENTRY.time + 60_000, provider: 'Ollama', model: 'llama3.2', consent: 'site' });
    await auditor.after(first, 'sent', 200);
    await auditor.after(second, 'failed', 401);
    const rows = await listAudit(db);
    expect(rows.map((r) => [r.provider, r.outcome, r.httpStatus])).toEqual([
      ['Ollama', 'failed', 401],
      ['Example AI', 'sent', 200],
    ]);
    expect(rows[1]).toMatchObject({
      bytes: 1234,
      payloadSha256: 'a'.repeat(64),
      redactions: { EMAIL_ADDRESS: 2, PHONE_NUMBER: 0 },
      destination: ENTRY.destination,
      site: 'course.example.edu',
    });
    await clearAudit(db);
    expect(await listAudit(db)).toEqual([]);
  });

  it('exports JSON and CSV with the same facts', () => {
    const rows = [{ id: 1, ...ENTRY, outcome: 'sent' as const, httpStatus: 200 }];
    const json = JSON.parse(auditToJson(rows)) as Array<Record<string, unknown>>;
    expect(json).toEqual([
      {
        time: '2026-11-21T09:30:00.000Z',
        provider: 'Example AI',
        model: 'big-1',
        destination: ENTRY.destination,
        bytes: 1234,
        redactions: { EMAIL_ADDRESS: 2 },
        payloadSha256: 'a'.repeat(64),
        outcome: 'sent',
        httpStatus: 200,
        consent: 'once',
        site: 'course.example.edu',
      },
    ]);
    const csv = auditToCsv(rows);
    expect(csv.split('\r\n')[0]).toBe('time,provider,model,destination,bytes,redactions,payloadSha256,outcome,httpStatus,consent,site');
    expect(csv.split('\r\n')[1]).toBe(
      `2026-11-21T09:30:00.000Z,Example AI,big-1,${ENTRY.destination},1234,EMAIL_ADDRESS=2,${'a'.repeat(64)},sent,200,once,course.example.edu`,
    );
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    const csv = auditToCsv([{ id: 1, ...ENTRY, provider: '=HYPERLINK("http://x")', model: 'a,b "c"', outcome: 'failed' as const }]);
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain('"a,b ""c"""');
  });
});
