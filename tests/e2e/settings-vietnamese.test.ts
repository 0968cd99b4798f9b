// The settings side in the student's language: Chromium started in Vietnamese (--lang=vi, and
// LANGUAGE=vi, which Chromium on Linux reads for its interface language) shows Settings → Models,
// Privacy (with the provider form open), Insights and Study tools with no English message left, and
// the context menu on a selection in Vietnamese; started in English, the same views have no
// Vietnamese message. "Left" is judged against the messages files themselves: a text node, a label
// or a title that is an English message (or holds a long piece of one) fails. Screenshots of each
// view at 420 × 900, light and dark, go to /work/screens/i18n-settings/ (or LOCUS_SCREENS) to be
// looked at.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { UI } from '../support/deadlines.mjs';
import { repoRoot } from '../support/shared-data.mjs';

const SCREENS = process.env.LOCUS_SCREENS ?? '/work/screens/i18n-settings';
type Messages = Record<string, { message: string }>;
const read = (lang: string) => JSON.parse(readFileSync(path.join(repoRoot, 'public/_locales', lang, 'messages.json'), 'utf8')) as Messages;
const en = read('en');
const vi = read('vi');
type Session = Awaited<ReturnType<typeof launchWithExtension>>;

/** The settings sections by their message key, and what says a section has read what it shows. */
const SECTIONS = [
  { key: 'tab_models', ready: 'section.view[aria-busy="false"] ul.model-list' },
  { key: 'tab_privacy', ready: 'section.privacy[aria-busy="false"]' },
  { key: 'tab_insights', ready: 'section.insights[data-read-at]' },
  { key: 'tab_studyTools', ready: '[role=tabpanel] section, [role=tabpanel] form, [role=tabpanel] label' },
] as const;

/**
 * The messages of `file` that would show the other language: those whose words differ between the
 * two files (names such as "Locus" or "JSON" are the same in both). Each becomes a pattern: its
 * literal parts, with any value in place of `$1`…`$9`.
 */
function foreignMessages(file: Messages, other: Messages): { key: string; whole: RegExp; pieces: string[] }[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.entries(file)
    .filter(([key, { message }]) => other[key] && other[key].message !== message && /[a-z]{3}/i.test(message))
    .map(([key, { message }]) => {
      const text = message.replace(/\$\$/g, '$');
      const literal = text.split(/\$[1-9]/);
      const theirs = other[key]!.message;
      return {
        key,
        whole: new RegExp(`^${literal.map(escape).join('.+')}$`, 's'),
        // A long piece the other language keeps too (a list of product names) says nothing.
        pieces: literal.map((p) => p.trim()).filter((p) => p.length >= 16 && !theirs.includes(p)),
      };
    });
}

/** Every text node, label, title and placeholder in the element, trimmed, non-empty. */
async function shownTexts(page: Page, selector: string): Promise<string[]> {
  return page.$eval(selector, (root) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n.textContent ?? '');
    for (const el of root.querySelectorAll('[aria-label], [title], [placeholder], optgroup[label]'))
      for (const a of ['aria-label', 'title', 'placeholder', 'label']) if (el.hasAttribute(a)) out.push(el.getAttribute(a) ?? '');
    out.push((root as HTMLElement).innerText);
    return out.map((t) => t.trim()).filter(Boolean);
  });
}

/** A message as a whole-text pattern, any text in place of `$1`…`$9`. */
function wholeMessage(message: string): RegExp {
  return new RegExp(
    `^${message
      .split(/\$[1-9]/)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')}$`,
    's',
  );
}

/** The two parts of a "$1: $2." sentence (the device, and the model with its download). */
function splitReason(reason: string, template: string): [string, string] {
  const [before, between, after] = template.split(/\$[12]/);
  expect(reason.startsWith(before!) && reason.endsWith(after!), reason).toBe(true);
  const inner = reason.slice(before!.length, reason.length - after!.length);
  const at = inner.indexOf(between!);
  return [inner.slice(0, at), inner.slice(at + between!.length)];
}

/** The messages of the wrong language found in these texts: "key: text". */
function leftOver(texts: string[], foreign: ReturnType<typeof foreignMessages>): string[] {
  const found = new Set<string>();
  for (const m of foreign) {
    for (const text of texts) {
      if (m.whole.test(text) || m.pieces.some((p) => text.includes(p))) found.add(`${m.key}: ${text.slice(0, 120)}`);
    }
  }
  return [...found];
}

async function openSettingsSection(panel: Page, words: Messages, key: string, ready: string): Promise<void> {
  if (!(await panel.$('section.settings'))) {
    await panel.click('header button.settings-button');
    await panel.waitForSelector('section.settings nav[role=tablist]', { timeout: UI });
  }
  const label = words[key]!.message;
  await panel.click(`nav.settings-tabs ::-p-aria(${label}[role="tab"])`);
  await panel.waitForFunction(
    (l) =>
      [...document.querySelectorAll('nav.settings-tabs [role=tab]')].some(
        (t) => t.textContent === l && t.getAttribute('aria-selected') === 'true',
      ),
    { timeout: UI },
    label,
  );
  await panel.waitForSelector(ready, { timeout: UI });
}

async function screenshot(panel: Page, name: string): Promise<void> {
  await panel.screenshot({ path: path.join(SCREENS, `${name}.png`) as `${string}.png` });
}

/**
 * The titles the background gives the context menu on a selection, as its own i18n words them
 * (lib/background/study-menus.ts builds each title with t(); the unit test study-background checks
 * the tree). Read in the service worker, where the menus are made: no automation can open Chrome's
 * native menu, nor read back the titles of the menus an extension made.
 */
async function contextMenuTitles(s: Session, keys: string[]): Promise<string[]> {
  const target = await s.browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url() === `chrome-extension://${s.extensionId}/background.js`,
    { timeout: UI },
  );
  const worker = (await target.worker())!;
  return worker.evaluate((k) => k.map((key) => chrome.i18n.getMessage(key)), keys);
}

for (const lang of ['vi', 'en'] as const) {
  describe(`the settings in ${lang === 'vi' ? 'Vietnamese' : 'English'}`, () => {
    const words = lang === 'vi' ? vi : en;
    const foreign = lang === 'vi' ? foreignMessages(en, vi) : foreignMessages(vi, en);
    let s: Session;
    let panel: Page;

    beforeAll(async () => {
      mkdirSync(SCREENS, { recursive: true });
      s = await launchWithExtension({
        extraArgs: [`--lang=${lang}`],
        env: { LANGUAGE: lang, LANG: lang === 'vi' ? 'vi_VN.UTF-8' : 'en_US.UTF-8' },
      });
      panel = await s.browser.newPage();
      await panel.setViewport({ width: 420, height: 900 });
      await panel.goto(s.panelUrl);
      await panel.waitForSelector('header button.settings-button', { timeout: UI });
    });

    afterAll(async () => {
      await s?.close();
    });

    test('the browser gives Locus its language', async () => {
      expect(await panel.evaluate(() => chrome.i18n.getUILanguage())).toMatch(new RegExp(`^${lang}`));
      expect(await panel.$eval('header button.settings-button', (b) => b.getAttribute('aria-label'))).toBe(words.settings_button!.message);
    });

    for (const section of SECTIONS) {
      test(`${en[section.key]!.message}: no message of the other language, light and dark`, async () => {
        await openSettingsSection(panel, words, section.key, section.ready);
        expect(await panel.$eval('section.settings h2#settings-title', (h) => h.textContent)).toBe(words.settings_title!.message);
        expect(leftOver(await shownTexts(panel, 'main'), foreign)).toEqual([]);
        for (const scheme of ['light', 'dark'] as const) {
          await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
          await screenshot(panel, `${lang}-${scheme}-${en[section.key]!.message.toLowerCase().replace(/\W+/g, '-')}`);
        }
        await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
      });
    }

    test("Models: the recommendation for this device in the browser's language (the engine host sends facts, the panel words them)", async () => {
      await openSettingsSection(panel, words, 'tab_models', SECTIONS[0].ready);
      const reason = await panel.$eval('.recommendation p:first-child', (p) => {
        const label = p.querySelector('strong')?.textContent ?? '';
        return (p.textContent ?? '').replace(label, '').trim();
      });
      // The machine running the tests has no usable GPU (or only SwiftShader): a model on the processor.
      const device = [words.models_recDeviceNone!.message, words.models_recDeviceSoftware!.message].map(wholeMessage);
      const [deviceText, modelText] = splitReason(reason, words.models_recReason!.message);
      expect(
        device.some((d) => d.test(deviceText)),
        deviceText,
      ).toBe(true);
      expect(modelText).toMatch(wholeMessage(words.models_recWhatCpu!.message));
      expect(leftOver([reason, deviceText, modelText], foreign)).toEqual([]);
    });

    test('the provider form, opened: no message of the other language', async () => {
      await openSettingsSection(panel, words, 'tab_privacy', 'section.privacy[aria-busy="false"]');
      await panel.click(`::-p-aria(${words.privacy_addProvider!.message}[role="button"])`);
      await panel.waitForSelector('form.provider-form', { visible: true, timeout: UI });
      expect(leftOver(await shownTexts(panel, 'form.provider-form'), foreign)).toEqual([]);
      await panel.$eval('form.provider-form', (f) => f.scrollIntoView());
      await screenshot(panel, `${lang}-light-provider-form`);
      await panel.click(`form.provider-form ::-p-aria(${words.provider_cancel!.message}[role="button"])`);
      await panel.waitForFunction(() => !document.querySelector('form.provider-form'), { timeout: UI });
    });

    test('the context menu on a selection is in the same language', async () => {
      const menu = [
        'menu_explain',
        'menu_define',
        'menu_simplify',
        'menu_translate',
        'menu_ask',
        'menu_hint',
        'menu_quiz',
        'menu_readImage',
      ];
      const titles = await contextMenuTitles(s, menu);
      expect(titles).toEqual(menu.map((key) => words[key]!.message));
      expect(leftOver(titles, foreign)).toEqual([]);
    });
  });
}
