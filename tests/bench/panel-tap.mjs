// Reads Locus's own figures where they are exchanged: a listener on the side panel's engine port
// (installed before the panel's scripts run) records, with the panel's clock, the moment the
// student clicks "Summarize page", the task request the panel sends (the captured page), every task
// event that comes back, and the `done` event's stats computed inside the engine host. It only
// listens: the panel works exactly as for a student.

/** Runs in the panel page before its own scripts. */
function tapScript() {
  const tap = { clicks: [], runs: [] };
  Object.defineProperty(window, '__locusBenchTap', { value: tap });
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (button && /Summarize page/.test(button.textContent ?? '')) tap.clicks.push(performance.now());
    },
    true,
  );
  const runtime = globalThis.chrome?.runtime;
  if (!runtime?.connect) return;
  const connect = runtime.connect.bind(runtime);
  runtime.connect = (...args) => {
    const port = connect(...args);
    const post = port.postMessage.bind(port);
    port.postMessage = (message) => {
      if (message?.type === 'task.start') {
        tap.runs.push({
          id: message.id,
          request: message.request,
          clickAt: tap.clicks.at(-1) ?? null,
          sentAt: performance.now(),
          events: [],
        });
      }
      return post(message);
    };
    port.onMessage.addListener((message) => {
      if (message?.type !== 'task.event') return;
      const run = tap.runs.find((r) => r.id === message.id);
      if (!run) return;
      const { event } = message;
      const at = performance.now();
      // Text deltas are kept as sizes only: a long run streams thousands of them.
      if (event.kind === 'text') run.events.push({ kind: 'text', at, chars: event.delta.length });
      else if (event.kind === 'download') run.events.push({ kind: 'download', at });
      else run.events.push({ ...event, at });
    });
    return port;
  };
}

/**
 * Opens the side panel (as a tab, like tests/support/panel.mjs) with the tap installed.
 * @param {{ browser: import('puppeteer-core').Browser, panelUrl: string }} session
 * @param {import('puppeteer-core').Page} studyPage the page to summarize; brought to front first
 */
export async function openTappedPanel(session, studyPage) {
  await studyPage.bringToFront();
  const panel = await session.browser.newPage();
  await panel.evaluateOnNewDocument(tapScript);
  await panel.goto(session.panelUrl);
  await panel.waitForSelector('::-p-text(Summarize page)');
  const tapped = await panel.evaluate(() => Boolean(/** @type {any} */ (window).__locusBenchTap));
  if (!tapped) throw new Error('The benchmark could not listen on the side panel (its tap script did not run).');
  return panel;
}

/** Number of runs the tap has seen so far. */
export function tappedRunCount(panel) {
  return panel.evaluate(() => /** @type {any} */ (window).__locusBenchTap.runs.length);
}

/**
 * The figures of tapped run number `index`, in milliseconds of the panel's clock.
 * @param {import('puppeteer-core').Page} panel
 */
export async function tappedRun(panel, index) {
  const run = await panel.evaluate((i) => /** @type {any} */ (window).__locusBenchTap.runs[i], index);
  if (!run) throw new Error(`The panel sent no summarize request (run ${index + 1}).`);
  const firstText = run.events.find((e) => e.kind === 'text');
  const done = run.events.find((e) => e.kind === 'done');
  const error = run.events.find((e) => e.kind === 'error');
  if (error) throw new Error(`Locus reported an error: ${error.error?.message ?? JSON.stringify(error.error)}`);
  if (!done) throw new Error('Locus sent no `done` event for the run.');
  if (run.clickAt === null) throw new Error('The tap saw no click on "Summarize page" before the request.');
  return {
    request: run.request,
    stats: done.stats,
    text: done.text,
    /** The run downloaded or loaded the model (a warm-up run, not a measured one). */
    loadedModel: run.events.some((e) => e.kind === 'download' || e.kind === 'loading'),
    parts: run.events.filter((e) => e.kind === 'part').length,
    notices: run.events.filter((e) => e.kind === 'notice').map((e) => e.message),
    // Student's view: from the click to the first words in the panel, and to the end.
    firstTextMs: (firstText?.at ?? done.at) - run.clickAt,
    totalMs: done.at - run.clickAt,
    // Of which: reading the page in the tab (content script) until the request left the panel.
    captureMs: run.sentAt - run.clickAt,
  };
}

/**
 * Waits until tapped run `index` has ended (its `done` or `error` event arrived), then returns what
 * a stopped or failed run still tells: the request, and when the first words and the end came.
 * @param {import('puppeteer-core').Page} panel
 */
export async function tappedEnd(panel, index, timeoutMs) {
  await panel.waitForFunction(
    (i) => /** @type {any} */ (window).__locusBenchTap.runs[i]?.events.some((e) => e.kind === 'done' || e.kind === 'error'),
    { timeout: timeoutMs, polling: 200 },
    index,
  );
  const run = await panel.evaluate((i) => /** @type {any} */ (window).__locusBenchTap.runs[i], index);
  const end = run.events.find((e) => e.kind === 'done' || e.kind === 'error');
  const firstText = run.events.find((e) => e.kind === 'text');
  return {
    request: run.request,
    ended: end.kind === 'done' ? 'done' : (end.error?.code ?? 'error'),
    error: end.kind === 'error' ? end.error : undefined,
    loadedModel: run.events.some((e) => e.kind === 'download' || e.kind === 'loading'),
    firstTextMs: firstText ? firstText.at - run.clickAt : NaN,
    totalMs: end.at - run.clickAt,
  };
}
