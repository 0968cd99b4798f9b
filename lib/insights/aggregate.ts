/**
 * The figures of the Insights page, computed from request records alone (pure functions: the
 * store reads the records, the panel draws the result).
 *
 * Definitions used throughout:
 * - A request is "completed" when its outcome is 'done'. Shares, latencies and speeds use completed
 *   requests only: a cancelled request's total time measures the student's patience, and a failed
 *   one has no answer to time. Counts report every outcome.
 * - Days are calendar days in one time zone (see days.ts); the default is the runtime's own zone.
 * - Percentiles are numpy's default linear interpolation (see percentiles.ts).
 */
import { dayKey, dayRange, localTimeZone } from './days';
import { median, percentiles, type Percentiles } from './percentiles';
import {
  OUTCOMES,
  RECORD_ENGINES,
  TASK_KINDS,
  type Outcome,
  type RecordDevice,
  type RecordEngine,
  type RequestRecord,
  type TaskKind,
} from './record';

export interface DayRangeOptions {
  /** First and last day shown, 'YYYY-MM-DD', both included. */
  from: string;
  to: string;
  /** IANA zone whose calendar days are used; default: the runtime's zone (the student's). */
  timeZone?: string;
}

export interface DayShare {
  day: string;
  /** Every request started that day, whatever its outcome. */
  requests: number;
  /** Requests completed ('done'), and of those, where they ran. */
  completed: number;
  local: number;
  cloud: number;
  /** local / completed, from 0 to 1; null on a day with no completed request (a gap, not a zero). */
  localShare: number | null;
}

const done = (r: RequestRecord) => r.outcome === 'done';

/** Records whose day (in the zone) lies in the range, each with its day. */
function inRange(records: readonly RequestRecord[], { from, to, timeZone }: DayRangeOptions): Array<[string, RequestRecord]> {
  const zone = timeZone ?? localTimeZone();
  dayRange(from, to); // validates the range
  const out: Array<[string, RequestRecord]> = [];
  for (const r of records) {
    const day = dayKey(r.time, zone);
    if (day >= from && day <= to) out.push([day, r]);
  }
  return out;
}

/** Share of completed requests handled on the device, for every day of the range (empty days included). */
export function localShareByDay(records: readonly RequestRecord[], options: DayRangeOptions): DayShare[] {
  const byDay = new Map<string, DayShare>(
    dayRange(options.from, options.to).map((day) => [day, { day, requests: 0, completed: 0, local: 0, cloud: 0, localShare: null }]),
  );
  for (const [day, r] of inRange(records, options)) {
    const row = byDay.get(day)!;
    row.requests += 1;
    if (!done(r)) continue;
    row.completed += 1;
    if (r.where === 'local') row.local += 1;
    else row.cloud += 1;
  }
  for (const row of byDay.values()) row.localShare = row.completed ? row.local / row.completed : null;
  return [...byDay.values()];
}

/** Share of all completed requests handled on the device; null when none completed. */
export function localShare(records: readonly RequestRecord[]): number | null {
  const completed = records.filter(done);
  return completed.length ? completed.filter((r) => r.where === 'local').length / completed.length : null;
}

export interface LatencyRow {
  /** null: all tasks together (when grouping by engine only). */
  task: TaskKind | null;
  /** null: all engines together (when grouping by task only). */
  engine: RecordEngine | null;
  /** Completed requests in the group (at least 1: empty groups are not listed). */
  count: number;
  ttftMs: Percentiles;
  totalMs: Percentiles;
}

export type LatencyGrouping = 'task' | 'engine' | 'task+engine';

/** Latency percentiles of completed requests per task, per engine, or per (task, engine) pair. */
export function latencyPercentiles(records: readonly RequestRecord[], by: LatencyGrouping = 'task+engine'): LatencyRow[] {
  const groups = new Map<string, { task: TaskKind | null; engine: RecordEngine | null; items: RequestRecord[] }>();
  for (const r of records) {
    if (!done(r)) continue;
    const task = by === 'engine' ? null : r.task;
    const engine = by === 'task' ? null : r.engine;
    const key = `${task}\u0000${engine}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { task, engine, items: [] }));
    g.items.push(r);
  }
  const order = (g: { task: TaskKind | null; engine: RecordEngine | null }) =>
    (g.task === null ? -1 : TASK_KINDS.indexOf(g.task)) * 100 + (g.engine === null ? -1 : RECORD_ENGINES.indexOf(g.engine));
  return [...groups.values()]
    .sort((a, b) => order(a) - order(b))
    .map((g) => ({
      task: g.task,
      engine: g.engine,
      count: g.items.length,
      ttftMs: percentiles(g.items.map((r) => r.ttftMs))!,
      totalMs: percentiles(g.items.map((r) => r.totalMs))!,
    }));
}

export interface SpeedRow {
  modelId: string;
  engine: RecordEngine;
  device: RecordDevice;
  /** Completed requests with a measured speed. */
  count: number;
  medianTokensPerSecond: number;
}

/**
 * Median decode speed per model. The same model is listed once per engine and device, because a
 * model on WebGPU and on WASM are different experiences. Requests with no measured speed (0: one
 * output token or none) are left out. Fastest first.
 */
export function tokensPerSecondByModel(records: readonly RequestRecord[]): SpeedRow[] {
  const groups = new Map<string, { modelId: string; engine: RecordEngine; device: RecordDevice; speeds: number[] }>();
  for (const r of records) {
    if (!done(r) || !(r.tokensPerSecond > 0)) continue;
    const key = `${r.modelId}\u0000${r.engine}\u0000${r.device}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { modelId: r.modelId, engine: r.engine, device: r.device, speeds: [] }));
    g.speeds.push(r.tokensPerSecond);
  }
  return [...groups.values()]
    .map((g) => ({
      modelId: g.modelId,
      engine: g.engine,
      device: g.device,
      count: g.speeds.length,
      medianTokensPerSecond: median(g.speeds)!,
    }))
    .sort((a, b) => b.medianTokensPerSecond - a.medianTokensPerSecond || a.modelId.localeCompare(b.modelId));
}

export interface Counts {
  total: number;
  byOutcome: Record<Outcome, number>;
  byTask: Record<TaskKind, number>;
  byEngine: Record<RecordEngine, number>;
  /** By where the request ran (every outcome). */
  local: number;
  cloud: number;
  cloudProposed: number;
  /** Proposals the student accepted (the request went to the cloud). */
  cloudAccepted: number;
  cloudDeclined: number;
  tokensIn: number;
  tokensOut: number;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function counts(records: readonly RequestRecord[]): Counts {
  const c: Counts = {
    total: 0,
    byOutcome: zeros(OUTCOMES),
    byTask: zeros(TASK_KINDS),
    byEngine: zeros(RECORD_ENGINES),
    local: 0,
    cloud: 0,
    cloudProposed: 0,
    cloudAccepted: 0,
    cloudDeclined: 0,
    tokensIn: 0,
    tokensOut: 0,
  };
  for (const r of records) {
    c.total += 1;
    c.byOutcome[r.outcome] += 1;
    c.byTask[r.task] += 1;
    c.byEngine[r.engine] += 1;
    if (r.where === 'local') c.local += 1;
    else c.cloud += 1;
    if (r.cloudProposed) c.cloudProposed += 1;
    if (r.cloudProposed && r.where === 'cloud') c.cloudAccepted += 1;
    if (r.cloudDeclined) c.cloudDeclined += 1;
    c.tokensIn += r.tokensIn;
    c.tokensOut += r.tokensOut;
  }
  return c;
}

export interface InsightsSummary {
  from: string;
  to: string;
  timeZone: string;
  counts: Counts;
  /** Over the whole range; null when nothing completed. */
  localShare: number | null;
  days: DayShare[];
  latencyByTaskAndEngine: LatencyRow[];
  latencyByTask: LatencyRow[];
  latencyByEngine: LatencyRow[];
  speedByModel: SpeedRow[];
}

/** Everything the Insights page shows for a range of days, from the records of any period. */
export function summarizeInsights(records: readonly RequestRecord[], options: DayRangeOptions): InsightsSummary {
  const timeZone = options.timeZone ?? localTimeZone();
  const zoned = { ...options, timeZone };
  const selected = inRange(records, zoned).map(([, r]) => r);
  return {
    from: options.from,
    to: options.to,
    timeZone,
    counts: counts(selected),
    localShare: localShare(selected),
    days: localShareByDay(selected, zoned),
    latencyByTaskAndEngine: latencyPercentiles(selected, 'task+engine'),
    latencyByTask: latencyPercentiles(selected, 'task'),
    latencyByEngine: latencyPercentiles(selected, 'engine'),
    speedByModel: tokensPerSecondByModel(selected),
  };
}
