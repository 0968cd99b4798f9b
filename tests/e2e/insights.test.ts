// Insights shows what was recorded: a student runs several summaries, opens Insights, and every
// figure equals the one computed here, independently, from the records in IndexedDB.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN } from '../support/deadlines.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { clickSummarize, configureModels, openPanel, openView, waitForPhase, waitForText } from '../support/panel.mjs';
import { waitForRecords } from '../support/records.mjs';
import { sharedPath } from '../support/shared-data.mjs';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let s: Session;
let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  s = await launchWithExtension({});
});
afterAll(async () => {
  await s?.close();
  await host?.stop();
  await pages?.stop();
});

/** numpy's default ("linear") percentile, written out here to check the page's arithmetic. */
function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (v.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return v[lo]! + (v[hi]! - v[lo]!) * (rank - lo);
}

test('the numbers on the Insights page equal the recorded ones', async () => {
  const study = await s.browser.newPage();
  await study.goto(pages.origin + '/course/12-001-introduction-to-geology-fall-2013/002-course-home.html');
  const panel = await openPanel(s, study);
  await configureModels(panel, { host: host.origin, model: 'stories260K' });
  for (let i = 0; i < 3; i++) {
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');
  }
  // One stopped halfway through a long page: recorded as cancelled, not counted in speeds and latencies.
  await study.goto(pages.origin + '/course/17-40-american-foreign-policy-past-present-and-future-fall-2004/029-readings.html');
  await study.bringToFront();
  await panel.bringToFront();
  await clickSummarize(panel);
  await waitForText(panel, '.phase', /Step [2-9]\d* of/, MODEL_RUN);
  await panel.click('::-p-text(Stop)');
  await waitForPhase(panel, ['stopped']);

  // The records, read with the raw IndexedDB API (not Locus's code). The stopped task is recorded
  // once the engine host has wound it down.
  const records = await waitForRecords(panel, 4);
  expect(records).toHaveLength(4);
  const done = records.filter((r) => r.outcome === 'done');
  expect(done).toHaveLength(3);
  expect(records.filter((r) => r.outcome === 'cancelled')).toHaveLength(1);

  await openView(panel, 'Insights');
  await waitForText(panel, '[data-figure="requests"]', /^4$/);
  const value = (figure: string) => panel.$eval(`[data-figure="${figure}"]`, (el) => el.getAttribute('data-value') ?? '');
  expect(Number(await value('requests'))).toBe(4);
  expect(Number(await value('local-share'))).toBe(1);
  const tokensIn = records.reduce((n, r) => n + r.tokensIn, 0);
  const tokensOut = records.reduce((n, r) => n + r.tokensOut, 0);
  expect(await value('tokens')).toBe(`${tokensIn}/${tokensOut}`);
  const ttft = done.map((r) => r.ttftMs);
  const shown = (await value('ttft')).split('/').map(Number);
  expect(shown[0]).toBeCloseTo(percentile(ttft, 50), 6);
  expect(shown[1]).toBeCloseTo(percentile(ttft, 90), 6);
  expect(shown[2]).toBeCloseTo(percentile(ttft, 99), 6);
  const speeds = done.map((r) => r.tokensPerSecond).filter((x) => x > 0);
  expect(Number(await value('tokens-per-second'))).toBeCloseTo(percentile(speeds, 50), 6);
  // Cost avoided at the default price (gpt-4o-mini, $0.15 / $0.60 per million tokens), local done requests only.
  const inDone = done.reduce((n, r) => n + r.tokensIn, 0);
  const outDone = done.reduce((n, r) => n + r.tokensOut, 0);
  expect(Number(await value('cost'))).toBeCloseTo((inDone * 0.15 + outDone * 0.6) / 1e6, 12);
  // The charts are drawn (Chart.js canvases with pixels on them).
  const charts = await panel.$$eval('.chart canvas', (els) => els.map((c) => (c as HTMLCanvasElement).width > 0));
  expect(charts).toEqual([true, true, true]);
  expect(s.requests.outside()).toEqual([]);
});
