/**
 * The Insights page's state: the request records kept on this device, summarized for a range of
 * days (lib/insights), and the price used for "cloud cost avoided". Read straight from IndexedDB:
 * nothing of it is sent anywhere.
 */
import { signal } from '@preact/signals';
import { summarizeInsights, type InsightsSummary } from '../insights/aggregate';
import { DEFAULT_PRICE_TABLE, cloudCostAvoided, type CostAvoided } from '../insights/cloud-cost';
import { addDays, dayKey, localTimeZone } from '../insights/days';
import { requestRecordSchema, type RequestRecord } from '../insights/record';
import type { LocusDatabase } from '../store/db';

export class InsightsState {
  readonly days = signal(7);
  readonly priceId = signal(DEFAULT_PRICE_TABLE.defaultId);
  readonly summary = signal<InsightsSummary | null>(null);
  readonly cost = signal<CostAvoided | null>(null);
  readonly records = signal<RequestRecord[]>([]);
  /** Rows that could not be read (written by another version); counted, never shown as figures. */
  readonly unreadable = signal(0);
  /** When the figures shown were read (ms since the epoch): 0 until the first read. */
  readonly readAt = signal(0);

  constructor(private readonly db: () => LocusDatabase) {}

  async refresh(): Promise<void> {
    const timeZone = localTimeZone();
    const to = dayKey(Date.now(), timeZone);
    const from = addDays(to, -(this.days.value - 1));
    // A day before the range start, so that every zone's first day is complete; the summary filters.
    const since = Date.now() - (this.days.value + 1) * 86_400_000;
    const rows = await this.db().requests.where('time').aboveOrEqual(since).toArray();
    const records: RequestRecord[] = [];
    let bad = 0;
    for (const row of rows) {
      const parsed = requestRecordSchema.safeParse(row.record);
      if (parsed.success) records.push(parsed.data);
      else bad += 1;
    }
    const summary = summarizeInsights(records, { from, to, timeZone });
    const inRange = records.filter((r) => {
      const day = dayKey(r.time, timeZone);
      return day >= from && day <= to;
    });
    this.records.value = inRange;
    this.unreadable.value = bad;
    this.summary.value = summary;
    this.cost.value = cloudCostAvoided(inRange, DEFAULT_PRICE_TABLE);
    this.readAt.value = Date.now();
  }
}
