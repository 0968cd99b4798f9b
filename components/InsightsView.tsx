import { useEffect } from 'preact/hooks';
import { DEFAULT_PRICE_TABLE } from '../lib/insights/cloud-cost';
import { formatDuration } from '../lib/panel/format';
import type { InsightsState } from '../lib/panel/insights-state';
import { BarChart } from './BarChart';

type Summary = NonNullable<InsightsState['summary']['value']>;
type Price = (typeof DEFAULT_PRICE_TABLE.prices)[number];

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const ms = (x: number | null | undefined) => (x === null || x === undefined ? '–' : formatDuration(x));
const usd = (x: number) => (x < 0.01 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`);

export function InsightsView({ insights }: { insights: InsightsState }) {
  useEffect(() => {
    void insights.refresh();
  }, [insights, insights.days.value]);
  const summary = insights.summary.value;
  const cost = insights.cost.value;
  const price = DEFAULT_PRICE_TABLE.prices.find((p) => p.id === insights.priceId.value) ?? DEFAULT_PRICE_TABLE.prices[0]!;
  const avoided = cost?.byPrice.find((p) => p.id === price.id)?.usd ?? 0;
  if (!summary)
    return (
      <section class="view" aria-label="Insights">
        <p class="muted">Reading the records kept on this device…</p>
      </section>
    );
  return (
    <section class="view insights" aria-label="Insights" data-read-at={insights.readAt.value}>
      <p class="muted">Figures about your requests, kept on this device only. Nothing here is sent anywhere.</p>
      <PeriodPicker insights={insights} />
      <Figures summary={summary} avoided={avoided} />
      <PricedAs insights={insights} price={price} />

      <LocalShareChart summary={summary} />

      <LatencySection summary={summary} />

      <SpeedSection summary={summary} />
      {insights.unreadable.value ? (
        <p class="muted">{insights.unreadable.value} older records could not be read and are left out.</p>
      ) : null}
    </section>
  );
}

/** The period the figures cover. */
function PeriodPicker({ insights }: { insights: InsightsState }) {
  return (
    <label class="row">
      Period{' '}
      <select
        name="days"
        value={String(insights.days.value)}
        onChange={(e) => (insights.days.value = Number((e.currentTarget as HTMLSelectElement).value))}
      >
        <option value="1">Today</option>
        <option value="7">Last 7 days</option>
        <option value="30">Last 30 days</option>
      </select>
    </label>
  );
}

/** The headline figures: requests, share on this device, cloud, tokens, cost avoided. */
function Figures({ summary, avoided }: { summary: Summary; avoided: number }) {
  const c = summary.counts;
  return (
    <dl class="figures">
      <div>
        <dt>Requests</dt>
        <dd data-figure="requests" data-value={c.total}>
          {c.total}
        </dd>
      </div>
      <div>
        <dt>Handled on this device</dt>
        <dd data-figure="local-share" data-value={summary.localShare ?? ''}>
          {pct(summary.localShare)}
        </dd>
      </div>
      <div>
        <dt>Cloud proposed / declined</dt>
        <dd data-figure="cloud" data-value={`${c.cloudProposed}/${c.cloudDeclined}`}>
          {c.cloudProposed} / {c.cloudDeclined}
        </dd>
      </div>
      <div>
        <dt>Tokens in / out</dt>
        <dd data-figure="tokens" data-value={`${c.tokensIn}/${c.tokensOut}`}>
          {c.tokensIn.toLocaleString()} / {c.tokensOut.toLocaleString()}
        </dd>
      </div>
      <div>
        <dt>Cloud cost avoided (estimate)</dt>
        <dd data-figure="cost" data-value={avoided}>
          {usd(avoided)}
        </dd>
      </div>
    </dl>
  );
}

/** Which cloud price the cost avoided is estimated with, and how. */
function PricedAs({ insights, price }: { insights: InsightsState; price: Price }) {
  return (
    <>
      <label class="field">
        Priced as
        <select name="price" value={price.id} onChange={(e) => (insights.priceId.value = (e.currentTarget as HTMLSelectElement).value)}>
          {DEFAULT_PRICE_TABLE.prices.map((p) => (
            <option value={p.id} key={p.id}>
              {p.provider} {p.model}: ${p.inputPerMTok} in / ${p.outputPerMTok} out per million tokens ({p.sourceDate})
            </option>
          ))}
        </select>
      </label>
      <p class="muted">
        An estimate: tokens counted by the local model's tokenizer, standard prices as looked up on {DEFAULT_PRICE_TABLE.retrieved}, no
        discounts.
      </p>
    </>
  );
}

/** Share of requests handled on this device, day by day. */
function LocalShareChart({ summary }: { summary: Summary }) {
  return (
    <>
      <h2>Share handled on this device, per day</h2>
      <BarChart
        label="Share of requests handled on this device per day"
        labels={summary.days.map((d) => d.day.slice(5))}
        series={[
          {
            label: 'On this device',
            values: summary.days.map((d) => (d.localShare === null ? null : Math.round(d.localShare * 100))),
            color: '#1a73e8',
          },
        ]}
        yTitle="%"
        max={100}
      />
    </>
  );
}

/** Time to first words per task and engine: chart and table. */
function LatencySection({ summary }: { summary: Summary }) {
  return (
    <>
      <h2>Time to first words, per task and engine</h2>
      <BarChart
        label="Time to first words, p50 p90 p99, per task and engine"
        labels={summary.latencyByTaskAndEngine.map((r) => `${r.task} · ${r.engine}`)}
        series={[
          { label: 'p50', values: summary.latencyByTaskAndEngine.map((r) => r.ttftMs.p50 ?? null), color: '#1a73e8' },
          { label: 'p90', values: summary.latencyByTaskAndEngine.map((r) => r.ttftMs.p90 ?? null), color: '#f9ab00' },
          { label: 'p99', values: summary.latencyByTaskAndEngine.map((r) => r.ttftMs.p99 ?? null), color: '#d93025' },
        ]}
        yTitle="ms"
      />
      <table class="figures-table" data-table="latency">
        <thead>
          <tr>
            <th>Task · engine</th>
            <th>n</th>
            <th>first words p50 / p90 / p99</th>
            <th>total p50</th>
          </tr>
        </thead>
        <tbody>
          {summary.latencyByTaskAndEngine.map((r) => (
            <tr key={`${r.task}-${r.engine}`} data-task={r.task} data-engine={r.engine}>
              <td>
                {r.task} · {r.engine}
              </td>
              <td>{r.count}</td>
              <td data-figure="ttft" data-value={`${r.ttftMs.p50}/${r.ttftMs.p90}/${r.ttftMs.p99}`}>
                {ms(r.ttftMs.p50)} / {ms(r.ttftMs.p90)} / {ms(r.ttftMs.p99)}
              </td>
              <td data-figure="total">{ms(r.totalMs.p50)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Tokens per second per model: chart and table. */
function SpeedSection({ summary }: { summary: Summary }) {
  return (
    <>
      <h2>Speed per model</h2>
      <BarChart
        label="Tokens per second per model"
        labels={summary.speedByModel.map((r) => `${r.modelId} (${r.device})`)}
        series={[{ label: 'tokens/s (median)', values: summary.speedByModel.map((r) => r.medianTokensPerSecond), color: '#188038' }]}
        yTitle="tokens/s"
      />
      <table class="figures-table" data-table="speed">
        <tbody>
          {summary.speedByModel.map((r) => (
            <tr key={`${r.modelId}-${r.device}`}>
              <td>
                {r.modelId} ({r.engine}, {r.device})
              </td>
              <td data-figure="tokens-per-second" data-value={r.medianTokensPerSecond}>
                {r.medianTokensPerSecond.toFixed(1)} tokens/s
              </td>
              <td>{r.count} requests</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
