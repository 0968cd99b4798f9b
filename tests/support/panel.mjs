// What a student does in the side panel, as puppeteer steps. The panel page is driven as a tab
// (sidePanel.open() needs a user gesture that automation cannot give); it acts on the web tab the
// student used last, exactly as when it is docked beside that tab.

/** @typedef {import('puppeteer-core').Page} Page */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ browser: import('puppeteer-core').Browser, panelUrl: string }} session
 * @param {Page} [studyPage] the page the student is reading; brought to front first
 */
export async function openPanel(session, studyPage) {
  if (studyPage) await studyPage.bringToFront();
  const panel = await session.browser.newPage();
  await panel.goto(session.panelUrl);
  await panel.waitForSelector('::-p-text(Summarize page)');
  return panel;
}

/**
 * Opens the Models tab and sets model, host and device like a student (or a school admin) would.
 * @param {Page} panel
 * @param {{ host?: string, model?: string, device?: string, engine?: string, libraryHost?: string }} choices
 */
export async function configureModels(panel, { host, model, device, engine, libraryHost }) {
  await panel.click('::-p-aria(Models[role="tab"])');
  await panel.waitForSelector('select[name=chatModel]');
  if (model) {
    await panel.select('select[name=chatModel]', model);
    await panel.waitForSelector('::-p-text(Model saved.)');
  }
  if (device || host || engine || libraryHost) {
    const open = await panel.$eval('details.advanced', (d) => /** @type {HTMLDetailsElement} */ (d).open);
    if (!open) await panel.click('details.advanced > summary');
  }
  if (engine) {
    await panel.select('select[name=engine]', engine);
    await panel.waitForSelector('::-p-text(Engine saved.)');
  }
  if (device) {
    await panel.select('select[name=device]', device);
    await panel.waitForSelector('::-p-text(Device saved.)');
  }
  if (host) {
    await panel.click('input[name=modelHost]', { count: 3 });
    await panel.keyboard.press('Backspace');
    await panel.type('input[name=modelHost]', host);
    await panel.click('::-p-text(Save host)');
    await panel.waitForSelector('::-p-text(Model host saved.)');
  }
  if (libraryHost) {
    await panel.click('input[name=modelLibraryHost]', { count: 3 });
    await panel.keyboard.press('Backspace');
    await panel.type('input[name=modelLibraryHost]', libraryHost);
    await panel.click('::-p-text(Save library host)');
    await panel.waitForSelector('::-p-text(Model library host saved.)');
  }
  await panel.click('::-p-aria(Summarize[role="tab"])');
  await panel.waitForSelector('::-p-text(Summarize page)');
}

/** Records every change of the summary text, so a test can see it stream. */
export async function watchSummary(panel) {
  await panel.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__summarySnapshots = [];
    const target = document.querySelector('.summary');
    if (!target) throw new Error('no .summary');
    const record = () => {
      const text = target.textContent ?? '';
      const last = w.__summarySnapshots.at(-1);
      if (text && text !== last) w.__summarySnapshots.push(text);
    };
    new MutationObserver(record).observe(target, { childList: true, subtree: true, characterData: true });
  });
}

/** @returns {Promise<string[]>} */
export function summarySnapshots(panel) {
  return panel.evaluate(() => /** @type {any} */ (window).__summarySnapshots ?? []);
}

export function phase(panel) {
  return panel.$eval('.phase', (el) => /** @type {HTMLElement} */ (el).dataset.phase ?? '');
}

/** Waits until the run reaches one of `phases`; returns the phase reached. */
export async function waitForPhase(panel, phases, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await phase(panel);
    if (phases.includes(now)) return now;
    if (Date.now() > deadline) {
      const text = await panel.$eval('main', (m) => /** @type {HTMLElement} */ (m).innerText);
      throw new Error(`phase stayed "${now}" (waiting for ${phases.join('/')}); panel says:\n${text}`);
    }
    await sleep(200);
  }
}

export async function clickSummarize(panel) {
  await panel.click('::-p-text(Summarize page)');
}

export async function panelText(panel) {
  return panel.$eval('main', (m) => /** @type {HTMLElement} */ (m).innerText);
}

export async function errorText(panel) {
  const el = await panel.$('.error');
  return el ? el.evaluate((e) => e.textContent ?? '') : '';
}

/**
 * Waits until the text of `selector` matches `pattern`. (Puppeteer's ::-p-text can miss text that
 * changes inside an existing element, which is how the panel updates its status lines.)
 */
export async function waitForText(panel, selector, pattern, timeoutMs = 60_000) {
  await panel.waitForFunction(
    (sel, source, flags) => {
      const el = document.querySelector(sel);
      return Boolean(el && new RegExp(source, flags).test(el.textContent ?? ''));
    },
    { timeout: timeoutMs, polling: 100 },
    selector,
    pattern.source,
    pattern.flags,
  );
}
