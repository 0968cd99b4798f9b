// Names, places and addresses never reach the cloud unredacted (issue 13). A real Chromium with the
// built extension, a FAKE OpenAI-compatible provider on 127.0.0.1 (a real HTTP server recording every
// request byte for byte), the real stories260K model for the local side. A student selects a
// paragraph about a classmate (her name, street address and phone number) and asks a question the
// router proposes to the bigger model: the consent dialog highlights all three, the provider
// receives placeholders only, and the answer shown has the real values back.
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

const KEY = 'sk-e2e-PII-7d2c41';
const CLASSMATE = 'Nguyễn Minh Anh';
const ADDRESS = '42 Elm Street, Springfield';
const PHONE = '(415) 555-0142';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Study group notes</title></head><body><main><h1>Study group: plate tectonics</h1>
<p id="notes">For Thursday's study group, my classmate ${CLASSMATE} lives at ${ADDRESS} and her phone is ${PHONE}; bring the maps.</p>
<p>Continents drift a few centimetres a year, carried by convection in the mantle. Mountains rise where plates collide.</p></main></body></html>`;

let modelHost: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let provider: Awaited<ReturnType<typeof startFakeProvider>>;
let s: Awaited<ReturnType<typeof launchWithExtension>>;
let panel: Page;
let study: Page;

beforeAll(async () => {
  modelHost = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({});
  provider = await startFakeProvider({ apiKey: KEY });
  s = await launchWithExtension({ extension: process.env.LOCUS_EXTENSION_DIR ?? extensionDir });
  study = await s.browser.newPage();
  await study.goto(pages.add('/study-group.html', PAGE));
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

describe('a selection about a classmate, proposed to the cloud', () => {
  test('the dialog highlights name, address and phone; the provider gets placeholders; the answer has the values back', async () => {
    await study.bringToFront();
    await selectParagraph(study, '#notes');
    await panel.bringToFront();
    await openView(panel, 'Ask');
    await clickButton(panel, ['Use my current selection', 'Use my new selection']);
    await panel.waitForSelector('input[name=question]');
    await panel.type('input[name=question]', 'Compare where she lives with the maps, in detail');
    await panel.keyboard.press('Enter');

    // Proposed as a line in the answer; the dialog opens only when the student clicks "Ask it".
    expect((await openCloudSuggestion(panel)).reasons).toEqual(['complex-ask']);
    const dialog = await readConsentDialog(panel);
    // All three are highlighted, each standing for its value (which stays on this device).
    const marks = dialog.marks as Array<{ entity: string | null; text: string | null; title: string | null }>;
    const byEntity = (entity: string) => marks.filter((m) => m.entity === entity);
    expect(byEntity('PERSON').some((m) => m.title?.includes(CLASSMATE))).toBe(true);
    expect(byEntity('STREET_ADDRESS').some((m) => m.title?.includes(ADDRESS))).toBe(true);
    expect(byEntity('PHONE_NUMBER').some((m) => m.title?.includes(PHONE))).toBe(true);
    expect(dialog.redactions).toMatch(/name/);
    expect(dialog.redactions).toMatch(/street address/);
    expect(dialog.redactions).toMatch(/phone number/);
    // The dialog says which recognizers ran.
    expect(dialog.coverage).toMatch(/Found by: patterns, the on-device name finder/);
    // The body to be sent holds placeholders, not the values.
    for (const value of [CLASSMATE, 'Elm Street', '555-0142']) expect(dialog.body).not.toContain(value);
    expect(dialog.body).toMatch(/\[PERSON_1\]/);
    expect(dialog.body).toMatch(/\[ADDRESS_1\]/);
    expect(dialog.body).toMatch(/\[PHONE_1\]/);
    expect(provider.posts()).toHaveLength(0); // shown, not sent

    await consentAction(panel, 'Send once');
    await waitForText(panel, '.answer', /A summary from the big model/, UI);
    expect(await waitForPhase(panel, ['done', 'error'], UI), await errorText(panel)).toBe('done');

    // The provider received exactly the shown body: placeholders only.
    const posts = provider.posts();
    expect(posts).toHaveLength(1);
    const sent = posts[0]!.body.toString('utf8');
    expect(sent).toBe(dialog.body);
    for (const value of [CLASSMATE, 'Nguyễn', 'Elm Street', 'Springfield', '555-0142']) expect(sent).not.toContain(value);
    // Its answer named the placeholders; the panel shows the real values in their place.
    const shown = await panelText(panel);
    for (const value of [CLASSMATE, ADDRESS, PHONE]) expect(shown).toContain(value);
    expect(shown).not.toMatch(/\[(?:PERSON|ADDRESS|PHONE)_\d+\]/);
  });
});
