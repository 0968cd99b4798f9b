import { useEffect } from 'preact/hooks';
import { DEFAULT_PRICE_TABLE } from '../lib/insights/cloud-cost';
import { formatDuration } from '../lib/panel/format';
import type { InsightsState } from '../lib/panel/insights-state';
import { BarChart } from './BarChart';
import { t, tn, uiLanguage } from '../lib/i18n/t';

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
      <section class="view" aria-label={t('insights_label')}>
        <p class="muted">{t('insights_reading')}</p>
      </section>
    );
  return (
    <section class="view insights" aria-label={t('insights_label')} data-read-at={insights.readAt.value}>
      <p class="muted">{t('insights_intro')}</p>
      <PeriodPicker insights={insights} />
      <Figures summary={summary} avoided={avoided} />
      <PricedAs insights={insights} price={price} />

      <LocalShareChart summary={summary} />

      <LatencySection summary={summary} />

      <SpeedSection summary={summary} />
      {insights.unreadable.value ? <p class="muted">{t('insights_unreadable', insights.unreadable.value)}</p> : null}
    </section>
  );
}

/** The period the figures cover. */
function PeriodPicker({ insights }: { insights: InsightsState }) {
  return (
    <label class="row">
      {t('insights_period')}{' '}
      <select
        name="days"
        value={String(insights.days.value)}
        onChange={(e) => (insights.days.value = Number((e.currentTarget as HTMLSelectElement).value))}
      >
        <option value="1">{t('insights_today')}</option>
        <option value="7">{t('insights_last7')}</option>
        <option value="30">{t('insights_last30')}</option>
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
        <dt>{t('insights_requests')}</dt>
        <dd data-figure="requests" data-value={c.total}>
          {c.total}
        </dd>
      </div>
      <div>
        <dt>{t('insights_localShare')}</dt>
        <dd data-figure="local-share" data-value={summary.localShare ?? ''}>
          {pct(summary.localShare)}
        </dd>
      </div>
      <div>
        <dt>{t('insights_cloud')}</dt>
        <dd data-figure="cloud" data-value={`${c.cloudProposed}/${c.cloudDeclined}`}>
          {c.cloudProposed} / {c.cloudDeclined}
        </dd>
      </div>
      <div>
        <dt>{t('insights_tokens')}</dt>
        <dd data-figure="tokens" data-value={`${c.tokensIn}/${c.tokensOut}`}>
          {c.tokensIn.toLocaleString(uiLanguage())} / {c.tokensOut.toLocaleString(uiLanguage())}
        </dd>
      </div>
      <div>
        <dt>{t('insights_costAvoided')}</dt>
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
        {t('insights_pricedAs')}
        <select name="price" value={price.id} onChange={(e) => (insights.priceId.value = (e.currentTarget as HTMLSelectElement).value)}>
          {DEFAULT_PRICE_TABLE.prices.map((p) => (
            <option value={p.id} key={p.id}>
              {t('insights_priceOption', p.provider, p.model, `$${p.inputPerMTok}`, `$${p.outputPerMTok}`, p.sourceDate)}
            </option>
          ))}
        </select>
      </label>
      <p class="muted">{t('insights_estimateNote', DEFAULT_PRICE_TABLE.retrieved)}</p>
    </>
  );
}

/** Share of requests handled on this device, day by day. */
function LocalShareChart({ summary }: { summary: Summary }) {
  return (
    <>
      <h2>{t('insights_shareTitle')}</h2>
      <BarChart
        label={t('insights_shareChart')}
        labels={summary.days.map((d) => d.day.slice(5))}
        series={[
          {
            label: t('insights_onDevice'),
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
      <h2>{t('insights_latencyTitle')}</h2>
      <BarChart
        label={t('insights_latencyChart')}
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
            <th>{t('insights_colTask')}</th>
            <th>n</th>
            <th>{t('insights_colFirst')}</th>
            <th>{t('insights_colTotal')}</th>
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
      <h2>{t('insights_speedTitle')}</h2>
      <BarChart
        label={t('insights_speedChart')}
        labels={summary.speedByModel.map((r) => `${r.modelId} (${r.device})`)}
        series={[{ label: t('insights_speedSeries'), values: summary.speedByModel.map((r) => r.medianTokensPerSecond), color: '#188038' }]}
        yTitle={t('insights_speedUnit')}
      />
      <table class="figures-table" data-table="speed">
        <tbody>
          {summary.speedByModel.map((r) => (
            <tr key={`${r.modelId}-${r.device}`}>
              <td>
                {r.modelId} ({r.engine}, {r.device})
              </td>
              <td data-figure="tokens-per-second" data-value={r.medianTokensPerSecond}>
                {t('insights_speedValue', r.medianTokensPerSecond.toFixed(1))}
              </td>
              <td>{tn('insights_requestCount', r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
