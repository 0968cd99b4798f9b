// The panel's shell, as a student at 420 px sees it, and as a screen reader or a keyboard reaches
// it: every view (each study tab, each tool behind More tools, More tools open, each settings section) is checked by axe-core in the light and the
// dark theme, with no serious or critical violation; the summary and answers are readable (14 px at
// least); the study tabs fit one row; privacy mode is a named switch in the header; the provider form
// opens only when asked. Screenshots of each view go to /work/screens/shell/ (or LOCUS_SCREENS) to
// be looked at, not compared.
import { AxePuppeteer } from '@axe-core/puppeteer';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN, UI } from '../support/deadlines.mjs';
import { closeAll, COURSE_HOME, screensDir } from '../support/e2e-setup.mjs';
import { startFakeProvider } from '../support/fake-provider.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  addProvider,
  clickButton,
  clickSummarize,
  configureModels,
  errorText,
  openPanel,
  openPrivacyTab,
  openView,
  SETTINGS_VIEWS,
  STUDY_VIEWS,
  TOOL_VIEWS,
  waitForPhase,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const SCREENS = screensDir('/work/screens/shell');

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let s: Session;
let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let provider: Awaited<ReturnType<typeof startFakeProvider>>;
let panel: Page;

beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  provider = await startFakeProvider({});
  s = await launchWithExtension({});
  const study = await s.browser.newPage();
  await study.goto(pages.origin + COURSE_HOME);
  panel = await openPanel(s, study);
  await panel.setViewport({ width: 420, height: 900 });
  await configureModels(panel, { host: host.origin, model: 'stories260K' });
  // A summary on screen, so its text is there to measure and to check.
  await clickSummarize(panel);
  expect(await waitForPhase(panel, ['done', 'error']), await errorText(panel)).toBe('done');
});

afterAll(() => closeAll(s, provider, pages, host));

/** Waits until a view has read what it shows (some change shape when their reads answer). */
async function settled(view: string): Promise<void> {
  const busy: Record<string, string> = {
    Models: 'section[aria-label="Models"][aria-busy="false"]',
    Privacy: 'section.privacy[aria-busy="false"]',
    Insights: 'section.insights[data-read-at]',
    Library: 'section.library',
  };
  await panel.waitForSelector(busy[view] ?? '[role=tabpanel] section', { timeout: UI });
}

/** axe-core's serious and critical findings on the panel as it is now. */
async function seriousViolations(): Promise<string[]> {
  const result = await new AxePuppeteer(panel as never).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

async function screenshot(name: string): Promise<void> {
  await panel.screenshot({ path: path.join(SCREENS, `${name.toLowerCase().replace(/\W+/g, '-')}.png`) as `${string}.png` });
}

const px = (selector: string, property: 'fontSize' | 'outlineWidth' = 'fontSize') =>
  panel.$eval(selector, (el, p) => parseFloat(getComputedStyle(el)[p as 'fontSize']), property);

for (const scheme of ['light', 'dark'] as const) {
  describe(`${scheme} theme`, () => {
    beforeAll(async () => {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      // The theme really changed: the page's own background follows it.
      const background = await panel.$eval('body', (b) => getComputedStyle(b).backgroundColor);
      expect(background).toBe(scheme === 'dark' ? 'rgb(32, 33, 36)' : 'rgb(255, 255, 255)');
    });

    for (const view of [...STUDY_VIEWS, ...TOOL_VIEWS, ...SETTINGS_VIEWS]) {
      test(`${view}: no serious or critical accessibility violation`, async () => {
        await openView(panel, view);
        await settled(view);
        await screenshot(`${scheme}-${view}`);
        expect(await seriousViolations()).toEqual([]);
      });
    }

    test('This page with More tools open: no serious or critical violation', async () => {
      await openView(panel, 'This page');
      await panel.click('::-p-aria(More tools[role="button"])');
      await panel.waitForSelector('#more-tools-list button', { visible: true, timeout: UI });
      await screenshot(`${scheme}-more-tools-open`);
      expect(await seriousViolations()).toEqual([]);
      await panel.keyboard.press('Escape');
      await panel.waitForFunction(() => !document.querySelector('#more-tools-list'), { timeout: UI });
    });

    test('Privacy with the provider form open: no serious or critical violation', async () => {
      await openPrivacyTab(panel);
      await clickButton(panel, 'Add a cloud provider');
      await panel.waitForSelector('form.provider-form', { visible: true, timeout: UI });
      await screenshot(`${scheme}-privacy-provider-form`);
      expect(await seriousViolations()).toEqual([]);
      await clickButton(panel, 'Cancel');
      await panel.waitForFunction(() => !document.querySelector('form.provider-form'), { timeout: UI });
    });
  });
}

describe('readable text and one row of tabs at 420 px', () => {
  test('the summary, answers and chat are at least 14 px; secondary text at least 12 px', async () => {
    await openView(panel, 'This page');
    expect(((await panel.$eval('.summary', (el) => el.textContent)) ?? '').trim().length).toBeGreaterThan(0);
    expect(await px('.summary')).toBeGreaterThanOrEqual(14);
    expect(await px('body')).toBeGreaterThanOrEqual(14);
    for (const muted of await panel.$$('.muted, .status')) {
      expect(await muted.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(12);
    }
    await openView(panel, 'Ask');
    expect(await px('.answer')).toBeGreaterThanOrEqual(14);
    await openView(panel, 'Chat');
    expect(await px('input[name=chatQuestion]')).toBeGreaterThanOrEqual(14);
  });

  test('the text follows the browser font size (rem), not a fixed pixel size', async () => {
    await openView(panel, 'This page');
    const before = await px('.summary');
    await panel.$eval('html', (h) => ((h as HTMLElement).style.fontSize = '20px'));
    try {
      expect(await px('.summary')).toBeCloseTo((before * 20) / 16, 1);
    } finally {
      await panel.$eval('html', (h) => ((h as HTMLElement).style.fontSize = ''));
    }
  });

  test('every study tab is on one row, and the row fits the panel', async () => {
    await openView(panel, 'This page');
    const tabs = await panel.$$eval('nav.study-tabs [role=tab]', (els) =>
      els.map((e) => ({ text: e.textContent, top: (e as HTMLElement).offsetTop, right: e.getBoundingClientRect().right })),
    );
    expect(tabs.map((t) => t.text)).toEqual(STUDY_VIEWS);
    expect(new Set(tabs.map((t) => t.top)).size).toBe(1);
    expect(Math.max(...tabs.map((t) => t.right))).toBeLessThanOrEqual(420);
    // Models, Privacy and Insights are not in that row: they are behind the Settings button.
    expect(
      await panel.$$eval('nav.study-tabs [role=tab]', (els) => els.some((e) => /Models|Privacy|Insights/.test(e.textContent ?? ''))),
    ).toBe(false);
  });

  test('the Settings button opens the settings with their own tabs, and Back returns to the study view', async () => {
    await openView(panel, 'Quiz');
    await panel.click('header ::-p-aria(Settings[role="button"])');
    const sections = await panel.$$eval('section.settings nav[role=tablist] [role=tab]', (els) => els.map((e) => e.textContent));
    expect(sections).toEqual(SETTINGS_VIEWS);
    expect(await panel.$('nav.study-tabs')).toBeNull();
    await panel.click('::-p-aria(Back to studying[role="button"])');
    await panel.waitForSelector('nav.study-tabs', { timeout: UI });
    // Where the student was: This page, with the Quiz tool open on it.
    const selected = await panel.$eval('nav.study-tabs [aria-selected=true]', (e) => e.textContent);
    expect(selected).toBe('This page');
    expect(await panel.$eval('section.tool-view h2', (e) => e.textContent)).toBe('Quiz options and decks');
  });

  test('a keyboard user sees where the focus is, and the arrow keys move between tabs', async () => {
    await openView(panel, 'This page');
    await panel.focus('nav.study-tabs [aria-selected=true]');
    await panel.keyboard.press('ArrowRight');
    await panel.waitForFunction(() => document.activeElement?.textContent === 'Review', { timeout: UI });
    expect(await panel.$eval('nav.study-tabs [aria-selected=true]', (e) => e.textContent)).toBe('Review');
    // Focus that came from the keyboard shows a ring.
    await panel.keyboard.press('Tab');
    const ring = await panel.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
  });
});

describe('privacy mode and cloud providers', () => {
  test('privacy mode is a switch in the header, named by the label beside it', async () => {
    const sw = await panel.waitForSelector('header ::-p-aria(Privacy mode[role="switch"])', { timeout: UI });
    expect(await sw!.evaluate((b) => b.getAttribute('aria-checked'))).toBe('true');
    const label = await panel.$eval('header label.privacy-label', (l) => ({
      text: l.textContent,
      for: l.getAttribute('for'),
      visible: (l as HTMLElement).offsetWidth > 0,
    }));
    expect(label).toEqual({ text: 'Privacy mode', for: await sw!.evaluate((b) => b.id), visible: true });
    // Clicking the label flips the switch too; the words beside it follow.
    await panel.click('header label.privacy-label');
    await panel.waitForFunction(() => document.querySelector('header [role=switch]')?.getAttribute('aria-checked') === 'false', {
      timeout: UI,
    });
    expect(await panel.$eval('header .privacy-state', (e) => e.textContent)).toBe('Cloud asks first');
    await sw!.click();
    await panel.waitForFunction(() => document.querySelector('header [role=switch]')?.getAttribute('aria-checked') === 'true', {
      timeout: UI,
    });
    expect(await panel.$eval('header .privacy-state', (e) => e.textContent)).toBe('Cloud off');
  });

  test('the provider form is closed until asked for; a saved provider is listed with Edit', async () => {
    await openPrivacyTab(panel);
    expect(await panel.$('form.provider-form')).toBeNull();
    await addProvider(panel, { name: 'Course cloud', baseUrl: `${provider.origin}/v1`, model: 'gpt-fake', apiKey: 'sk-a11y' });
    expect(await panel.$('form.provider-form')).toBeNull();
    await clickButton(panel, 'Edit');
    await panel.waitForSelector('form.provider-form[aria-label="Edit Course cloud"]', { visible: true, timeout: UI });
    // The saved provider's settings are in the form; its key is not read back.
    expect(await panel.$eval('input[name=providerModel]', (i) => (i as HTMLInputElement).value)).toBe('gpt-fake');
    expect(await panel.$eval('input[name=providerKey]', (i) => (i as HTMLInputElement).value)).toBe('');
    await panel.click('input[name=providerModel]', { count: 3 });
    await panel.type('input[name=providerModel]', 'gpt-fake-2');
    await clickButton(panel, 'Save provider');
    await panel.waitForSelector('::-p-text(Course cloud saved)', { timeout: MODEL_RUN });
    await panel.waitForFunction(
      () =>
        !document.querySelector('form.provider-form') &&
        [...document.querySelectorAll('li.provider-row')].filter((li) => li.textContent?.includes('Course cloud')).length === 1 &&
        document.querySelector('li.provider-row')?.textContent?.includes('gpt-fake-2') &&
        document.querySelector('li.provider-row')?.textContent?.includes('key saved'),
      { timeout: UI },
    );
  });
});
