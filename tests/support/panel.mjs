// What a student does in the side panel, as puppeteer steps. The panel page is driven as a tab
// (sidePanel.open() needs a user gesture that automation cannot give); it acts on the web tab the
// student used last, exactly as when it is docked beside that tab.

// Every wait is on something the student would see, with a deadline from deadlines.mjs (sized for
// a loaded 2-core machine); none is a pause.

import { LIBRARY_WORK, MODEL_RUN, UI } from './deadlines.mjs';
import { until } from './until.mjs';

/** @typedef {import('puppeteer-core').Page} Page */

/**
 * @param {{ browser: import('puppeteer-core').Browser, panelUrl: string }} session
 * @param {Page} [studyPage] the page the student is reading; brought to front first
 */
export async function openPanel(session, studyPage) {
  if (studyPage) await studyPage.bringToFront();
  const panel = await session.browser.newPage();
  await panel.goto(session.panelUrl);
  await panel.waitForSelector('::-p-text(Summarize page)', { timeout: UI });
  return panel;
}

/**
 * Opens the Models tab and sets model, host and device like a student (or a school admin) would.
 * @param {Page} panel
 * @param {{ host?: string, model?: string, device?: string, engine?: string }} choices
 */
export async function configureModels(panel, { host, model, device, engine }) {
  await openView(panel, 'Models');
  await modelsSettled(panel);
  if (model) {
    await panel.select('select[name=chatModel]', model);
    await saved(panel, 'Model saved.');
  }
  if (engine) {
    await openAdvanced(panel);
    await panel.select('select[name=engine]', engine);
    await saved(panel, 'Engine saved.');
  }
  if (device) {
    await openAdvanced(panel);
    await panel.select('select[name=device]', device);
    await saved(panel, 'Device saved.');
  }
  if (host) await fillAndSave(panel, 'input[name=modelHost]', host, 'Save host', 'Model host saved.');
  await openView(panel, 'This page');
  await panel.waitForSelector('::-p-text(Summarize page)', { timeout: UI });
}

/**
 * Waits until the Models page has read the settings and this device's overview, and no overview
 * request is in flight: it changes shape when one answers (slowly on a busy machine), which would
 * move a control from under a click. The page says so with aria-busy.
 * @param {Page} panel
 */
async function modelsSettled(panel) {
  await panel.waitForSelector('section[aria-label="Models"][aria-busy="false"]', { timeout: UI });
}

/** Waits for a setting's "… saved." line, then for the page to settle again (a save refreshes it). */
async function saved(panel, line) {
  await panel.waitForSelector(`::-p-text(${line})`, { timeout: UI });
  await modelsSettled(panel);
}

/** Opens the Models page's "Advanced" section if it is closed. */
async function openAdvanced(panel) {
  await modelsSettled(panel);
  const open = await panel.$eval('details.advanced', (d) => /** @type {HTMLDetailsElement} */ (d).open);
  if (!open) await panel.click('details.advanced > summary');
  await panel.waitForSelector('details.advanced[open]', { timeout: UI });
}

/** Types a value into an Advanced field and presses its Save button, as a student would. */
async function fillAndSave(panel, input, value, button, line) {
  await openAdvanced(panel);
  await panel.waitForSelector(input, { visible: true, timeout: UI });
  await panel.click(input, { count: 3 });
  await panel.keyboard.press('Backspace');
  await panel.type(input, value);
  // What is saved is what the field holds: a re-render between the clicks once left the old text in
  // it and saved 'https://huggingface.cohttp://127.0.0.1:…' as the model host.
  const typed = await panel.$eval(input, (el) => /** @type {HTMLInputElement} */ (el).value);
  if (typed !== value) throw new Error(`${input} holds "${typed}" after typing "${value}"`);
  await panel.click(`::-p-text(${button})`);
  await saved(panel, line);
}

// ── Models page (issue 3): the recommendation, the list of models, downloads ─────────────────────

/** The row of a model in the Models page's list. */
export const modelRow = (id) => `li.model-row[data-model="${id}"]`;

/**
 * Opens the Models tab once it has read this device and the stored models, and unfolds the test
 * models. @param {Page} panel
 */
export async function openModelsTab(panel) {
  await openView(panel, 'Models');
  await modelsSettled(panel);
  await waitForText(panel, '.recommendation', /Recommended here:/);
  const open = await panel.$eval('details.test-models', (d) => /** @type {HTMLDetailsElement} */ (d).open);
  if (!open) await panel.click('details.test-models > summary');
  await panel.waitForSelector('details.test-models[open]', { timeout: UI });
}

/**
 * Presses a model's one button when it downloads ("Download", "Download and use", "Finish
 * download…", or "Retry" after a failure) and waits until it is stored or an error shows; returns
 * every text the progress line showed (it goes by fast on a local host). @param {Page} panel
 */
export async function downloadFromModelsPage(panel, modelId) {
  await panel.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__progress = [];
    new MutationObserver(() => {
      const text = document.querySelector('.download-text')?.textContent;
      if (text && text !== w.__progress.at(-1)) w.__progress.push(text);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await modelsSettled(panel);
  const button = await panel.waitForSelector(`${modelRow(modelId)} button.model-action:not([disabled])`, { timeout: UI });
  const label = await button?.evaluate((b) => b.textContent ?? '');
  if (!/^(Download|Finish download|Retry)( and use)?$/.test(label ?? ''))
    throw new Error(`${modelId}'s button says "${label}", not a download`);
  await button?.click();
  await panel.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-stored') === 'true' || !!document.querySelector('.error'),
    { timeout: MODEL_RUN, polling: 100 },
    modelRow(modelId),
  );
  return panel.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).__progress));
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
export async function waitForPhase(panel, phases, timeoutMs = MODEL_RUN) {
  try {
    await panel.waitForFunction(
      (ph) => ph.includes(/** @type {HTMLElement | null} */ (document.querySelector('.phase'))?.dataset.phase ?? ''),
      { timeout: timeoutMs, polling: 100 },
      phases,
    );
  } catch (error) {
    const now = await phase(panel).catch(() => '?');
    const text = await panelText(panel).catch(() => '');
    throw new Error(`phase stayed "${now}" (waiting for ${phases.join('/')}); panel says:\n${text}`, { cause: error });
  }
  return phase(panel);
}

/**
 * Clicks `selector` once it holds still, as a student's pointer would: visible, enabled, and in the
 * same place for two frames (puppeteer's locator). A click dispatched at coordinates taken just
 * before the view changes shape lands beside the control and does nothing.
 * @param {Page} panel @param {string} selector
 */
export async function clickSteady(panel, selector) {
  await panel.locator(selector).setTimeout(UI).click();
}

/**
 * Waits until the Summarize view's model card has its status and is not preparing the model (the
 * warm start polls it). The card no longer moves the controls (it is under them, and
 * panel-layout.test.ts checks that Summarize holds still); tests wait for it to know which model
 * will answer, and so that a run's timing does not include the warm start.
 * @param {Page} panel
 */
export async function modelCardSettled(panel) {
  await panel.waitForFunction(
    () => {
      const card = document.querySelector('.model-card');
      return Boolean(document.querySelector('.error') || (card?.hasAttribute('data-cached') && !card.querySelector('.preparing')));
    },
    { timeout: MODEL_RUN, polling: 100 },
  );
}

/** Presses "Summarize page" once the view above it has settled. @param {Page} panel */
export async function clickSummarize(panel) {
  await modelCardSettled(panel);
  await clickSteady(panel, '::-p-text(Summarize page)');
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
export async function waitForText(panel, selector, pattern, timeoutMs = UI) {
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

/**
 * Waits until the name of `selector` (its aria-label, else its text) matches `pattern`: the study
 * thread's compact card buttons show a short word or an icon and are named in full.
 */
export async function waitForName(panel, selector, pattern, timeoutMs = UI) {
  await panel.waitForFunction(
    (sel, source, flags) => {
      const el = document.querySelector(sel);
      return Boolean(el && new RegExp(source, flags).test(el.getAttribute('aria-label') ?? el.textContent ?? ''));
    },
    { timeout: timeoutMs, polling: 100 },
    selector,
    pattern.source,
    pattern.flags,
  );
}

// ── Privacy and the cloud (issue 6) ──────────────────────────────────────────────────────────────

/** Opens the Privacy tab, once it has read its providers, consents and log (it says aria-busy until then). */
export async function openPrivacyTab(panel) {
  await openView(panel, 'Privacy');
  await privacySettled(panel);
}

/** The Privacy view changes shape when a read answers (the list of providers grows or shrinks). */
async function privacySettled(panel) {
  await panel.waitForSelector('section.privacy[aria-busy="false"]', { timeout: UI });
}

/** The header switch: true when privacy mode is on. */
export async function privacyModeOn(panel) {
  return panel.$eval('header button.privacy-switch', (b) => b.getAttribute('aria-checked') === 'true');
}

/** Clicks the header switch until privacy mode is `on`. */
export async function setPrivacyMode(panel, on) {
  if ((await privacyModeOn(panel)) === on) return;
  await panel.click('header button.privacy-switch');
  await panel.waitForFunction(
    (want) => document.querySelector('header button.privacy-switch')?.getAttribute('aria-checked') === String(want),
    { timeout: UI },
    on,
  );
}

/**
 * Adds a cloud provider in the Privacy tab, as a student types it.
 * @param {Page} panel
 * @param {{ kind?: 'openai-compatible' | 'ollama', name: string, baseUrl: string, model: string, apiKey?: string, priceIn?: number, priceOut?: number }} p
 */
export async function addProvider(panel, p) {
  await openPrivacyTab(panel);
  // The form is closed until the student asks for it.
  if (!(await panel.$('form.provider-form'))) await clickButton(panel, 'Add a cloud provider');
  await panel.waitForSelector('form.provider-form[aria-label="Add a cloud provider"]', { visible: true, timeout: UI });
  await panel.select('select[name=providerKind]', p.kind ?? 'openai-compatible');
  const fill = async (name, value) => {
    await panel.click(`input[name=${name}]`, { count: 3 });
    await panel.keyboard.press('Backspace');
    if (value !== '') await panel.type(`input[name=${name}]`, String(value));
  };
  await fill('providerName', p.name);
  await fill('providerBaseUrl', p.baseUrl);
  await fill('providerModel', p.model);
  if ((p.kind ?? 'openai-compatible') === 'openai-compatible') await fill('providerKey', p.apiKey ?? '');
  await fill('providerPriceIn', p.priceIn ?? 0);
  await fill('providerPriceOut', p.priceOut ?? 0);
  await panel.click('::-p-text(Save provider)');
  await panel.waitForSelector(`::-p-text(${p.name} saved)`, { timeout: UI });
  await privacySettled(panel);
  // Saved, the form closes and the provider is listed, with Edit.
  await panel.waitForFunction(
    (n) =>
      !document.querySelector('form.provider-form') &&
      [...document.querySelectorAll('li.provider-row')].some(
        (li) => li.textContent?.includes(n) && li.querySelector('button[aria-label^="Edit"]'),
      ),
    { timeout: UI },
    p.name,
  );
}

/** Chooses which saved provider proposals go to. */
export async function useProvider(panel, name) {
  await openPrivacyTab(panel);
  const rows = await panel.$$('li.provider-row');
  for (const row of rows) {
    const text = await row.evaluate((el) => el.textContent ?? '');
    if (text.includes(name)) {
      await (await row.$('input[type=radio]'))?.click();
      await panel.waitForFunction(
        (n) =>
          [...document.querySelectorAll('li.provider-row')].some((li) => li.textContent?.includes(n) && li.querySelector('input:checked')),
        { timeout: UI },
        name,
      );
      return;
    }
  }
  throw new Error(`no provider named ${name}`);
}

/**
 * A router proposal is a quiet line in the result ("A bigger model could … Ask it"), never a dialog
 * that opens by itself: waits for the line, checks no dialog is open, then clicks "Ask it" as the
 * student does. Returns the line's text and the reason codes it stands for.
 */
export async function openCloudSuggestion(panel, timeoutMs = MODEL_RUN) {
  await panel.waitForSelector('.cloud-suggestion button', { timeout: timeoutMs });
  if (await panel.$('.consent[role=dialog]')) throw new Error('the consent dialog opened before the student asked');
  const line = await panel.$eval('.cloud-suggestion', (el) => ({
    text: el.textContent ?? '',
    reasons: (el.getAttribute('data-reasons') ?? '').split(' ').filter(Boolean),
  }));
  await panel.click('.cloud-suggestion button');
  return line;
}

/** Waits for the consent dialog and reads everything it shows. */
export async function readConsentDialog(panel, timeoutMs = MODEL_RUN) {
  await panel.waitForSelector('.consent[role=dialog]', { timeout: timeoutMs });
  return panel.$eval('.consent[role=dialog]', (dialog) => {
    const field = (name) => dialog.querySelector(`[data-field=${name}]`)?.textContent ?? '';
    const bodyEl = dialog.querySelector('pre.consent-body');
    return {
      id: dialog.getAttribute('data-proposal') ?? '',
      provider: field('provider'),
      model: field('model'),
      url: field('url'),
      size: field('size'),
      cost: field('cost'),
      redactions: field('redactions'),
      reasons: [...dialog.querySelectorAll('.consent-reasons li')].map((li) => li.getAttribute('data-reason')),
      body: bodyEl?.textContent ?? '',
      sha256: bodyEl?.getAttribute('data-sha256') ?? '',
      messages: [...dialog.querySelectorAll('section.consent-message')].map((s) => ({
        role: s.getAttribute('data-role'),
        text: s.querySelector('pre')?.textContent ?? '',
      })),
      marks: [...dialog.querySelectorAll('mark.redaction')].map((m) => ({
        entity: m.getAttribute('data-entity'),
        text: m.textContent,
        title: m.getAttribute('title'),
      })),
      coverage: dialog.querySelector('.consent-coverage')?.textContent ?? '',
      /** Names left as written (part of the page being studied): highlighted as kept in the text… */
      keptMarks: [...dialog.querySelectorAll('mark.kept')].map((m) => ({
        entity: m.getAttribute('data-entity'),
        text: m.textContent,
        title: m.getAttribute('title'),
      })),
      /** …and listed, with the reason. */
      kept: [...dialog.querySelectorAll('.consent-kept-list li')].map((li) => li.textContent ?? ''),
      keptWhy: dialog.querySelector('.consent-kept p')?.textContent ?? '',
      keptHidden: dialog.querySelector('.consent-kept-hidden')?.textContent ?? '',
    };
  });
}

/**
 * Presses a button of the consent dialog: 'Send once', 'Edit', 'Cancel', or 'Replace these too'
 * (the names kept from the page; it waits for the new preview).
 */
export async function consentAction(panel, label) {
  const cls = { 'Send once': 'send', Edit: 'edit', Cancel: 'cancel', 'Replace these too': 'hide-kept' }[label];
  const before = await panel.$eval('.consent[role=dialog]', (d) => d.getAttribute('data-proposal'));
  await panel.click(`.consent button.${cls}`);
  if (label === 'Replace these too')
    await panel.waitForFunction(
      (id) => {
        const d = document.querySelector('.consent[role=dialog]');
        return d && d.getAttribute('data-proposal') !== id;
      },
      { timeout: UI },
      before,
    );
  else if (label !== 'Edit') await panel.waitForFunction(() => !document.querySelector('.consent[role=dialog]'), { timeout: UI });
}

// ── Study tools (issue 4): the page toolbar, shortcuts, the real side panel, tabs, streams ──────

/**
 * Selects the text of `selector` in the page the way a student does: a real triple click (the
 * browser selects the paragraph and sends the mouse events the page toolbar listens to).
 * @param {Page} page
 */
export async function selectParagraph(page, selector) {
  await page.click(selector, { count: 3 });
  await page.waitForFunction(() => (getSelection()?.toString().trim().length ?? 0) > 0, { timeout: UI });
}

/**
 * Clicks a button of the Locus toolbar next to the selection, with a real mouse click. The
 * toolbar's shadow root is closed (page scripts cannot reach it); the DevTools protocol sees
 * inside it, which gives the button's position on screen.
 * @param {Page} page
 * @param {string} action explain | define | simplify | ask | hint
 */
export async function clickToolbarButton(page, action, timeoutMs = UI) {
  const cdp = await page.createCDPSession();
  try {
    const find = (node) => {
      const attrs = node.attributes ?? [];
      if (node.nodeName === 'BUTTON' && attrs.some((a, i) => a === 'data-action' && attrs[i + 1] === action)) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const found = find(child);
        if (found) return found;
      }
      return null;
    };
    // The button, once it is laid out on screen.
    const center = await until(
      async () => {
        const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
        const button = find(root);
        if (!button) return null;
        await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: button.backendNodeId }).catch(() => undefined);
        const box = await cdp.send('DOM.getBoxModel', { backendNodeId: button.backendNodeId }).catch(() => null);
        if (!box) return null;
        const [x1, y1, , , x3, y3] = box.model.border;
        return x3 > x1 && y3 > y1 ? { x: (x1 + x3) / 2, y: (y1 + y3) / 2 } : null;
      },
      { timeoutMs, what: `the Locus toolbar button "${action}" did not appear` },
    );
    await page.mouse.click(center.x, center.y);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Resolves once the page has acted on the last mouse release: Locus's content script decides on its
 * toolbar in a timer of 30 ms set on that release, on the page's own event loop; a timer set now
 * for as long fires after it. (The test that uses this checks it on a selection that does show the
 * toolbar, too.) @param {Page} page
 */
export async function toolbarDecided(page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 30)));
}

/** Whether the Locus toolbar is shown in the page. */
export function toolbarVisible(page) {
  return page.evaluate(() => {
    const host = /** @type {HTMLElement | null} */ (document.querySelector('locus-selection-tools'));
    return Boolean(host && host.style.display !== 'none');
  });
}

const KEY_CODES = { Alt: 18, Shift: 16, Control: 17 };
const MODIFIER_BITS = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };

/**
 * Presses an extension shortcut ("Alt+Shift+E") as raw key events through the DevTools protocol:
 * Chrome's accelerator handling sees them like keys on a keyboard and runs the extension command
 * (puppeteer's keyboard API sends them in a form the command registry does not pick up).
 * @param {Page} page
 */
export async function pressShortcut(page, combo) {
  const parts = combo.split('+');
  const key = parts.pop();
  const modifiers = parts.reduce((bits, m) => bits | (MODIFIER_BITS[m] ?? 0), 0);
  const code = /^[A-Z]$/.test(key) ? `Key${key}` : key;
  const vk = key.length === 1 ? key.toUpperCase().charCodeAt(0) : 0;
  await page.bringToFront();
  const cdp = await page.createCDPSession();
  try {
    for (const m of parts)
      await cdp.send('Input.dispatchKeyEvent', {
        type: 'rawKeyDown',
        key: m,
        code: `${m}Left`,
        windowsVirtualKeyCode: KEY_CODES[m],
        modifiers,
      });
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'rawKeyDown',
      key,
      code,
      windowsVirtualKeyCode: vk,
      nativeVirtualKeyCode: vk,
      modifiers,
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk, modifiers });
    for (const m of [...parts].reverse())
      await cdp.send('Input.dispatchKeyEvent', {
        type: 'keyUp',
        key: m,
        code: `${m}Left`,
        windowsVirtualKeyCode: KEY_CODES[m],
        modifiers: 0,
      });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The real side panel, once Chrome has opened it (sidePanel.open after a gesture).
 * @param {{ browser: import('puppeteer-core').Browser }} session
 */
export async function sidePanel(session, timeoutMs = UI) {
  const target = await session.browser.waitForTarget(
    (t) => t.url().endsWith('/sidepanel.html') && t.type() === 'page' && !openedAsTab.has(t),
    { timeout: timeoutMs },
  );
  const page = await target.asPage();
  page.setDefaultTimeout(UI);
  await page.waitForSelector('nav.tabs', { timeout: UI });
  return page;
}

/** Panel pages a test opened as tabs (not the side panel Chrome opened). */
const openedAsTab = new WeakSet();

/** Like openPanel, remembering that this panel is a tab, not Chrome's side panel. */
export async function openPanelTab(session, studyPage) {
  const panel = await openPanel(session, studyPage);
  const target = panel.target();
  openedAsTab.add(target);
  return panel;
}

/** The study views, in the row of tabs under the header. */
export const STUDY_VIEWS = ['This page', 'Review', 'Library'];
/** The views behind the Settings button (the gear in the header), in the settings' own row of tabs. */
export const SETTINGS_VIEWS = ['Models', 'Privacy', 'Insights', 'Study tools'];

/** The study views' tab ids (`#study-tab-<id>`), in the order of STUDY_VIEWS: they hold in every language. */
export const STUDY_VIEW_IDS = ['summarize', 'review', 'library'];

/**
 * The tools with full controls of their own, reached from This page's "More tools" (they were tabs):
 * the short name tests give openView, and the words of the tool's entry in More tools.
 */
export const TOOL_VIEWS = ['Ask', 'Hints', 'Quiz', 'Chat'];
export const TOOL_LABELS = {
  Ask: 'Ask about your selection',
  Hints: 'Hints step by step, then the solution',
  Quiz: 'Quiz options and decks',
  Chat: 'Whole conversation',
};
/** The tool views' ids (`#tool-<id>`), in the order of TOOL_VIEWS: they hold in every language. */
export const TOOL_VIEW_IDS = ['ask', 'hints', 'quiz', 'chat'];

/**
 * Opens one of the panel's views as a student does: a study view from the row of tabs (leaving the
 * settings by "Back to studying" first), a tool from This page's "More tools" (leaving another tool
 * by "Back to this page" first), a settings view through the Settings button, then its tab. The one
 * way a test moves between views. `view` is a tab's label or a tool's short name (English:
 * 'This page', 'Ask'), or an id selector (`#study-tab-review`, `#tool-quiz`, `#settings-tab-models`),
 * which holds in any language (the buttons are then found by their class or id).
 * @param {Page} panel @param {string} view
 */
export async function openView(panel, view) {
  const byId = view.startsWith('#');
  const tool = byId ? (view.startsWith('#tool-') ? view.slice('#tool-'.length) : null) : (TOOL_VIEW_IDS[TOOL_VIEWS.indexOf(view)] ?? null);
  if (tool !== null && !TOOL_VIEW_IDS.includes(tool)) throw new Error(`no tool with the id ${view}`);
  const inSettings = byId ? view.startsWith('#settings-tab-') : SETTINGS_VIEWS.includes(view);
  if (!byId && !inSettings && !tool && !STUDY_VIEWS.includes(view)) throw new Error(`no view called ${view}`);
  if (byId && !inSettings && !tool && !view.startsWith('#study-tab-')) throw new Error(`no view with the id ${view}`);
  const settingsOpen = Boolean(await panel.$('section.settings'));
  if (inSettings && !settingsOpen) {
    await panel.click(byId ? 'header button.settings-button' : 'header ::-p-aria(Settings[role="button"])');
    await panel.waitForSelector('section.settings nav[role=tablist]', { timeout: UI });
  } else if (!inSettings && settingsOpen) {
    await panel.click(byId ? 'section.settings button.back' : '::-p-aria(Back to studying[role="button"])');
    await panel.waitForSelector('nav.study-tabs', { timeout: UI });
  }
  if (tool) return openTool(panel, tool, byId);
  const list = inSettings ? 'nav.settings-tabs' : 'nav.study-tabs';
  const tab = byId ? `${list} [role=tab]${view}` : `${list} ::-p-aria(${view}[role="tab"])`;
  await panel.click(tab);
  await panel.waitForFunction(
    (sel, v, id) =>
      [...document.querySelectorAll(`${sel} [role=tab]`)].some(
        (t) => (id ? `#${t.id}` === v : t.textContent === v) && t.getAttribute('aria-selected') === 'true',
      ) && !document.querySelector('section.tool-view'),
    { timeout: UI },
    list,
    view,
    byId,
  );
}

/**
 * Opens a tool as a student does: on This page (Back from another tool, or its tab), "More tools",
 * then the tool's entry; waits for the tool's view. @param {Page} panel
 * @param {string} tool an id of TOOL_VIEW_IDS @param {boolean} byId find the controls by id, not words
 */
async function openTool(panel, tool, byId) {
  if (await panel.$(`section#tool-${tool}`)) return;
  if (await panel.$('section.tool-view')) {
    await clickSteady(panel, byId ? 'section.tool-view button.back-to-page' : '::-p-aria(Back to this page[role="button"])');
  } else if (!(await panel.$('nav.study-tabs #study-tab-summarize[aria-selected=true]'))) {
    await clickSteady(panel, byId ? 'nav.study-tabs #study-tab-summarize' : 'nav.study-tabs ::-p-aria(This page[role="tab"])');
  }
  await panel.waitForSelector('#more-tools-button', { timeout: UI });
  if ((await panel.$eval('#more-tools-button', (b) => b.getAttribute('aria-expanded'))) !== 'true')
    await clickSteady(panel, byId ? '#more-tools-button' : '::-p-aria(More tools[role="button"])');
  const name = TOOL_VIEWS[TOOL_VIEW_IDS.indexOf(tool)];
  await clickSteady(panel, byId ? `#more-tools-${tool}` : `#more-tools-list ::-p-aria(${TOOL_LABELS[name]}[role="button"])`);
  await panel.waitForSelector(`section#tool-${tool}`, { timeout: UI });
  // Opened from More tools, the tool's heading has the focus: what the student types next goes where they click.
  await panel.waitForFunction((id) => document.activeElement?.id === id, { timeout: UI }, `tool-${tool}-heading`);
}

/** Records every change of the text of `selector` (created later is fine), to see text stream. */
export async function watchStream(panel, selector) {
  await panel.evaluate((sel) => {
    const w = /** @type {any} */ (window);
    w.__streams ??= {};
    const list = (w.__streams[sel] = []);
    const record = () => {
      const el = document.querySelector(sel);
      const text = el?.textContent ?? '';
      if (text && text !== list.at(-1)) list.push(text);
    };
    new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
  }, selector);
}

/**
 * Like watchStream, for the side panel a click is about to open: the watcher is in the panel before
 * its own code runs, so a fast answer that streams while the test is still reaching the panel is
 * recorded from its first piece.
 */
export async function watchStreamInNewPanels(session, selector) {
  const source = `(() => {
    if (!location.pathname.endsWith('/sidepanel.html')) return;
    const sel = ${JSON.stringify(selector)};
    const streams = (window.__streams ??= {});
    const list = (streams[sel] ??= []);
    const record = () => {
      const text = document.querySelector(sel)?.textContent ?? '';
      if (text && text !== list.at(-1)) list.push(text);
    };
    new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
  })();`;
  await session.requests.addScriptToNewPages(source);
}

/** @returns {Promise<string[]>} */
export function streamSnapshots(panel, selector) {
  return panel.evaluate((sel) => /** @type {any} */ (window).__streams?.[sel] ?? [], selector);
}

/** Waits until the `.phase` inside `scope` reaches one of `phases`. */
export async function waitForRun(panel, scope, phases = ['done', 'error'], timeoutMs = MODEL_RUN) {
  try {
    await panel.waitForFunction(
      (sc, ph) => ph.includes(document.querySelector(`${sc} .phase`)?.getAttribute('data-phase') ?? ''),
      { timeout: timeoutMs, polling: 100 },
      scope,
      phases,
    );
  } catch (error) {
    const text = await panel.$eval('main', (m) => /** @type {HTMLElement} */ (m).innerText).catch(() => '');
    throw new Error(`${scope}: no ${phases.join('/')} phase; the panel says:\n${text}`, { cause: error });
  }
  return panel.$eval(`${scope} .phase`, (el) => el.getAttribute('data-phase'));
}

/** Lets downloads of `page` go to `dir` (exports: CSV, Markdown). */
export async function allowDownloads(page, dir) {
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
  return cdp;
}

/** Waits for the Locus toolbar to appear next to the selection (it shows 30 ms after the mouse is released). */
export async function waitForToolbar(page, timeoutMs = UI) {
  await page.waitForFunction(
    () => /** @type {HTMLElement | null} */ (document.querySelector('locus-selection-tools'))?.style.display === 'block',
    { timeout: timeoutMs },
  );
}

// ── Library tab ────────────────────────────────────────────────────────────────────────────────

/** Opens the Library tab. @param {Page} panel */
export async function openLibrary(panel) {
  await openView(panel, 'Library');
  await panel.waitForSelector('section.library', { timeout: UI });
}

/** Picks the library's embedding model in the Library tab's settings. @param {Page} panel */
export async function chooseEmbeddingModel(panel, modelId) {
  const open = await panel.$eval('details.library-settings', (d) => /** @type {HTMLDetailsElement} */ (d).open);
  if (!open) await panel.click('details.library-settings > summary');
  await panel.waitForSelector('details.library-settings[open]', { timeout: UI });
  await panel.select('select[name=embeddingModel]', modelId);
  await waitForText(panel, '.library-message', /Embedding model saved/);
}

/**
 * Saves the page the panel targets, with a course and tags, and waits until it is saved.
 * @param {Page} panel
 * @returns {Promise<string>} the save message
 */
export async function saveToLibrary(panel, { course = '', tags = '' } = {}, timeoutMs = LIBRARY_WORK) {
  for (const [name, value] of [
    ['course', course],
    ['tags', tags],
  ]) {
    await panel.click(`input[name=${name}]`, { count: 3 });
    await panel.keyboard.press('Backspace');
    if (value) await panel.type(`input[name=${name}]`, value);
  }
  // Mark the phase as stale: the panel rewrites it as this save goes on (a previous 'saved' must not count).
  await panel.$eval('.save-phase', (el) => /** @type {HTMLElement} */ (el.dataset.phase = 'clicked'));
  await panel.click('.library-save button.primary');
  await panel.waitForFunction(
    () => ['saved', 'error'].includes(/** @type {HTMLElement} */ (document.querySelector('.save-phase'))?.dataset.phase ?? ''),
    { timeout: timeoutMs, polling: 100 },
  );
  const phase = await panel.$eval('.save-phase', (el) => /** @type {HTMLElement} */ (el).dataset.phase);
  if (phase !== 'saved') throw new Error(`saving failed: ${await errorText(panel)}`);
  return panel.$eval('.save-message', (el) => el.textContent ?? '');
}

/** The Library tab's counts (from IndexedDB, as the tab shows them). @param {Page} panel */
export async function libraryTotals(panel) {
  return panel.$eval('.library-totals', (el) => {
    const d = /** @type {HTMLElement} */ (el).dataset;
    return { pages: Number(d.pages), chunks: Number(d.chunks), vectors: Number(d.vectors), bytes: Number(d.bytes) };
  });
}

/**
 * Waits until the library holds `pages` pages and every saved part has its vector (the background
 * embedding is done). @param {Page} panel
 */
export async function waitForEmbedding(panel, pages, timeoutMs = LIBRARY_WORK) {
  await panel.waitForFunction(
    (wanted) => {
      const el = /** @type {HTMLElement | null} */ (document.querySelector('.library-totals'));
      const running = document.querySelector('.library-progress[data-state="running"]');
      return Boolean(
        el && !running && Number(el.dataset.pages) === wanted && Number(el.dataset.chunks) > 0 && el.dataset.chunks === el.dataset.vectors,
      );
    },
    { timeout: timeoutMs, polling: 250 },
    pages,
  );
}

/**
 * Asks the library and waits for the answer (or "nothing relevant").
 * @param {Page} panel
 * @returns {Promise<{ phase: string, answer: string, sources: Array<{ n: number, pageId: string, label: string }> }>}
 */
export async function askLibrary(panel, question, timeoutMs = MODEL_RUN) {
  await panel.click('textarea[name=question]', { count: 3 });
  await panel.keyboard.press('Backspace');
  await panel.type('textarea[name=question]', question);
  await panel.$eval('.ask-phase', (el) => /** @type {HTMLElement} */ (el.dataset.phase = 'clicked'));
  await panel.click('.library-ask button.primary');
  await panel.waitForFunction(
    () => ['done', 'nothing', 'error'].includes(/** @type {HTMLElement} */ (document.querySelector('.ask-phase'))?.dataset.phase ?? ''),
    { timeout: timeoutMs, polling: 100 },
  );
  return panel.evaluate(() => ({
    phase: /** @type {HTMLElement} */ (document.querySelector('.ask-phase'))?.dataset.phase ?? '',
    answer: document.querySelector('.library-answer')?.textContent ?? '',
    sources: [...document.querySelectorAll('.sources li')].map((li) => ({
      n: Number(/** @type {HTMLElement} */ (li).dataset.n),
      pageId: /** @type {HTMLElement} */ (li).dataset.pageId ?? '',
      label: li.querySelector('button.source')?.textContent ?? '',
    })),
  }));
}

/**
 * Clicks the enabled <button> whose text is exactly `label` (text elsewhere on the page is ignored);
 * given several labels, the first such button that shows (the panel words a button by its state).
 * @param {Page} panel
 * @param {string | string[]} label
 */
export async function clickButton(panel, label, timeoutMs = UI) {
  const labels = Array.isArray(label) ? label : [label];
  const handle = await panel.waitForFunction(
    (texts) => [...document.querySelectorAll('button')].find((b) => texts.includes((b.textContent ?? '').trim()) && !b.disabled) ?? null,
    { timeout: timeoutMs, polling: 100 },
    labels,
  );
  await /** @type {import('puppeteer-core').ElementHandle<HTMLButtonElement>} */ (handle).click();
}

// ── Settings → Study tools ─────────────────────────────────────────────────────────────────────

/**
 * Types `value` as the OCR page limit in Settings → Study tools and presses its Save button, as a
 * student does; returns what the panel then says ("Saved.", or why not). Editing the field clears
 * the previous note, so the wait is on the note this Save writes. @param {Page} panel @param {string} value
 */
export async function typeOcrPageLimit(panel, value) {
  await openView(panel, 'Study tools');
  const field = 'form.ocr-limit-setting input[name=ocrPageLimit]';
  await panel.waitForSelector(field, { timeout: UI });
  await panel.click(field, { count: 3 });
  await panel.keyboard.press('Backspace');
  await panel.waitForFunction(() => !document.querySelector('form.ocr-limit-setting .setting-note')?.textContent, { timeout: UI });
  await panel.type(field, value);
  await panel.click('form.ocr-limit-setting button[type=submit]');
  const note = await panel.waitForFunction(() => document.querySelector('form.ocr-limit-setting .setting-note')?.textContent || null, {
    timeout: UI,
    polling: 100,
  });
  return /** @type {string} */ (await note.jsonValue());
}
