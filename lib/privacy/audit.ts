/**
 * The audit log: one row per cloud request, written by the network gate BEFORE the request leaves
 * (so a request that left is never missing from the log, even if the worker dies mid-answer) and
 * completed with its outcome. Figures only: the destination, the size, the redaction counts and a
 * SHA-256 of the exact bytes sent; never the text itself. Stored in the extension's IndexedDB and
 * exported only as a file the student saves.
 */
import type { AuditRow, LocusDatabase } from '../store/db';

export interface AuditEntry {
  time: number;
  /** The provider's display name. */
  provider: string;
  providerId: string;
  model: string;
  /** The full address the body was sent to. */
  destination: string;
  /** Size of the body in bytes (UTF-8), headers not counted. */
  bytes: number;
  /** Redactions per entity, as in the consent dialog. */
  redactions: Record<string, number>;
  /** SHA-256 (hex) of the body bytes. */
  payloadSha256: string;
  consent: 'once' | 'site';
  site: string;
}

export interface CloudAuditor {
  /** Records a request about to leave; returns the row id. Throwing stops the request. */
  before(entry: AuditEntry): Promise<number>;
  /** Completes the row: 'sent' when the provider answered with a success status. */
  after(id: number, outcome: 'sent' | 'failed', httpStatus?: number): Promise<void>;
}

export function databaseAuditor(db: () => LocusDatabase): CloudAuditor {
  return {
    async before(entry) {
      const row: AuditRow = {
        time: entry.time,
        provider: entry.provider,
        providerId: entry.providerId,
        model: entry.model,
        destination: entry.destination,
        bytes: entry.bytes,
        redactions: { ...entry.redactions },
        payloadSha256: entry.payloadSha256,
        // A row is written before the request leaves; until the answer says otherwise it was sent.
        outcome: 'sent',
        consent: entry.consent,
        site: entry.site,
      };
      return db().audit.add(row);
    },
    async after(id, outcome, httpStatus) {
      await db().audit.update(id, { outcome, ...(httpStatus !== undefined ? { httpStatus } : {}) });
    },
  };
}

/** Newest first; `limit` rows at most (none: all of them, for the export). */
export async function listAudit(db: LocusDatabase, limit?: number): Promise<AuditRow[]> {
  const newestFirst = db.audit.orderBy('time').reverse();
  return limit === undefined ? newestFirst.toArray() : newestFirst.limit(limit).toArray();
}

export async function clearAudit(db: LocusDatabase): Promise<void> {
  await db.audit.clear();
}

const COLUMNS = [
  'time',
  'provider',
  'model',
  'destination',
  'bytes',
  'redactions',
  'payloadSha256',
  'outcome',
  'httpStatus',
  'consent',
  'site',
] as const;

function redactionSummary(redactions: Record<string, number>): string {
  return Object.entries(redactions)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => `${entity}=${n}`)
    .join(' ');
}

function exportRow(row: AuditRow): Record<(typeof COLUMNS)[number], string | number> {
  return {
    time: new Date(row.time).toISOString(),
    provider: row.provider,
    model: row.model,
    destination: row.destination,
    bytes: row.bytes,
    redactions: redactionSummary(row.redactions),
    payloadSha256: row.payloadSha256,
    outcome: row.outcome,
    httpStatus: row.httpStatus ?? '',
    consent: row.consent ?? '',
    site: row.site ?? '',
  };
}

export function auditToJson(rows: readonly AuditRow[]): string {
  return JSON.stringify(
    rows.map((row) => ({ ...exportRow(row), redactions: Object.fromEntries(Object.entries(row.redactions).filter(([, n]) => n > 0)) })),
    null,
    2,
  );
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function auditToCsv(rows: readonly AuditRow[]): string {
  const cell = (value: string | number): string => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    const r = exportRow(row);
    lines.push(COLUMNS.map((c) => cell(r[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
