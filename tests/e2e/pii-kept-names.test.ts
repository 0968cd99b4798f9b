// Over-redaction is a cost too (issue 13): names that are part of the page the student is studying
// go to the cloud as written, names in the student's own words never do. A real Chromium with the
// built extension, a FAKE OpenAI-compatible provider on 127.0.0.1 (a real HTTP server recording every
// request byte for byte), the real stories260K model for the local side. The student selects a
// paragraph of a physics course page (Newton, Maxwell, Curie, Paris, CERN, Geneva) and asks a
// question naming a classmate, which the router proposes to the bigger model: the dialog shows the
// scientists and places as kept and says why, the classmate as redacted; the provider receives
// exactly that; the answer shown has the classmate's name back. Then "Replace these too" previews
// the same request with the page's names replaced as well.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extensionDir, launchWithExtension } from '../support/browser.mjs';
import { UI } from '../support/deadlines.mjs';
import { startFakeProvider } from '../support/fake-provider.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  addProvider,
  clickButton,
  configureModels,
  consentAction,
  errorText,
  openPanel,
  openView,
  panelText,
  openCloudSuggestion,
  readConsentDialog,
  selectParagraph,
  setPrivacyMode,
  useProvider,
  waitForPhase,
  waitForText,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const KEY = 'sk-e2e-KEPT-51a9e0';
const CLASSMATE = 'Trần Thu Hà';
const SCIENTISTS = ['Isaac Newton', 'James Clerk Maxwell', 'Marie Curie'];
const PLACES = ['Paris', 'CERN', 'Geneva'];
const QUESTION = `Compare their ideas in detail for my classmate ${CLASSMATE} and me`;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Physics 101: forces and fields</title></head><body><main>
<h1>Physics 101: forces and fields</h1>
<p id="lesson">Isaac Newton explained gravity; James Clerk Maxwell unified electricity and magnetism; Marie Curie discovered polonium and radium in Paris. Today their ideas are tested at CERN near Geneva.</p>
<p>Read chapter 2 before the lab. Bring a calculator.</p></main></body></html>`;

let modelHost: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let provider: Awaited<ReturnType<typeof startFakeProvider>>;
let s: Awaited<ReturnType<typeof launchWithExtension>>;
let panel: Page;
let study: Page;

beforeAll(async () => {
  modelHost = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({});
  // The provider answers with the first person placeholder it was sent, so restoring it shows.
  provider = await startFakeProvider({
    apiKey: KEY,
    answer: (body: { messages: Array<{ content: string }> }) => {
      const placeholder = /\[PERSON_\d+\]/.exec(body.messages.map((m) => m.content).join('\n'))?.[0] ?? '(none)';
      return `Newton and Maxwell, compared for ${placeholder}.`;
    },
  });
  s = await launchWithExtension({ extension: process.env.LOCUS_EXTENSION_DIR ?? extensionDir });
  study = await s.browser.newPage();
  await study.goto(pages.add('/physics-101.html', PAGE));
  panel = await openPanel(s, study);
  await panel.setViewport({ width: 480, height: 900 });
  await configureModels(panel, { host: modelHost.origin, model: 'stories260K' });
  await addProvider(panel, {
    name: 'Fake OpenAI',
    baseUrl: `${provider.origin}/v1`,
    model: 'gpt-fake',
    apiKey: KEY,
    priceIn: 0.15,
    priceOut: 0.6,
  });
  await useProvider(panel, 'Fake OpenAI');
  await setPrivacyMode(panel, false);
});

afterAll(async () => {
  await s?.close();
  await provider?.stop();
  await pages?.stop();
  await modelHost?.stop();
});

async function askAboutLesson(): Promise<void> {
  await study.bringToFront();
  await selectParagraph(study, '#lesson');
  await panel.bringToFront();
  await openView(panel, 'Ask');
  await clickButton(panel, ['Use my current selection', 'Use my new selection']);
  await panel.waitForSelector('input[name=question]');
  await panel.click('input[name=question]', { count: 3 });
  await panel.type('input[name=question]', QUESTION);
  await panel.keyboard.press('Enter');
  // The router's proposal is a line in the answer; the dialog opens on the student's click only.
  const suggestion = await openCloudSuggestion(panel);
  expect(suggestion.reasons).toEqual(['complex-ask']);
  expect(suggestion.text).toMatch(/^A bigger model could answer this in more depth .* Ask it$/);
}

describe('a course page naming scientists, and a question naming a classmate', () => {
  test('the scientists and places are kept (shown as kept, and why), the classmate is redacted; the provider receives exactly that', async () => {
    await askAboutLesson();
    const dialog = await readConsentDialog(panel);

    // Shown as kept: highlighted as such in the text, listed, and the reason said.
    const keptTexts = new Set(dialog.keptMarks.map((m: { text: string | null }) => m.text));
    for (const name of [...SCIENTISTS, ...PLACES]) {
      expect(keptTexts.has(name), name).toBe(true);
      expect(
        dialog.kept.some((k: string) => k.startsWith(name)),
        name,
      ).toBe(true);
    }
    expect(dialog.keptWhy).toMatch(/on the page you are studying/);
    expect(dialog.keptWhy).toMatch(/Names you type/);
    // The classmate: redacted, standing for the real name, which stays on the device.
    const marks = dialog.marks as Array<{ entity: string | null; text: string | null; title: string | null }>;
    expect(marks.some((m) => m.entity === 'PERSON' && m.title?.includes(CLASSMATE))).toBe(true);
    expect(dialog.keptMarks.some((m: { text: string | null }) => m.text?.includes('Trần'))).toBe(false);
    expect(dialog.redactions).toMatch(/1 name/);
    // The body: the page's names as written, the classmate's as a placeholder.
    for (const name of [...SCIENTISTS, ...PLACES]) expect(dialog.body).toContain(name);
    expect(dialog.body).not.toContain(CLASSMATE);
    expect(dialog.body).not.toContain('Trần');
    expect(dialog.body).toMatch(/for my classmate \[PERSON_\d+\] and me/);
    expect(provider.posts()).toHaveLength(0); // shown, not sent

    await consentAction(panel, 'Send once');
    await waitForText(panel, '.answer', /Newton and Maxwell, compared for/, UI);
    expect(await waitForPhase(panel, ['done', 'error'], UI), await errorText(panel)).toBe('done');

    // Exactly the body shown: the scientists as written, the classmate replaced.
    const posts = provider.posts();
    expect(posts).toHaveLength(1);
    const sent = posts[0]!.body.toString('utf8');
    expect(sent).toBe(dialog.body);
    for (const name of [...SCIENTISTS, ...PLACES]) expect(sent).toContain(name);
    for (const secret of [CLASSMATE, 'Trần', 'Thu Hà']) expect(sent).not.toContain(secret);
    // The answer shown has the classmate's name back.
    const shown = await panelText(panel);
    expect(shown).toContain(`Newton and Maxwell, compared for ${CLASSMATE}.`);
    expect(shown).not.toMatch(/\[PERSON_\d+\]/);
  });

  test('"Replace these too" previews the same request with the page\'s names replaced as well; cancelling sends nothing', async () => {
    await askAboutLesson();
    const first = await readConsentDialog(panel);
    expect(first.kept.length).toBeGreaterThan(0);
    await consentAction(panel, 'Replace these too');
    const hidden = await readConsentDialog(panel);
    expect(hidden.id).not.toBe(first.id);
    expect(hidden.kept).toEqual([]);
    expect(hidden.keptMarks).toEqual([]);
    expect(hidden.keptHidden).toMatch(/replaced too, as you asked/);
    for (const name of [...SCIENTISTS, ...PLACES, CLASSMATE]) expect(hidden.body).not.toContain(name);
    const byEntity = (entity: string) => hidden.marks.filter((m: { entity: string | null }) => m.entity === entity);
    expect(byEntity('PERSON').some((m: { title: string | null }) => m.title?.includes('Marie Curie'))).toBe(true);
    await consentAction(panel, 'Cancel');
    expect(provider.posts()).toHaveLength(1); // only the first test's request
  });
});
