// Lecture videos, end to end in Chromium as a student uses them: the built extension (with the
// MiniLM stand-in for the library's embeddings), the real stories260K model from a local model host,
// and a local video site on 127.0.0.1 (tests/support/video-site.mjs), the only remote host faked:
//   (a) a watch page shaped like YouTube's (player response, timed text): Summarize; the panel says
//       the text is the video's transcript and names its language; a time in the summary jumps the
//       player in the student's tab (its video.currentTime becomes that time); so does a time in an
//       answer of Chat, Hints and Ask about that page;
//   (b) a plain <video> + <track> page: saved to the library, asked about; the cited passage carries
//       its time and opens the video there;
//   (c) a video without captions: the clear message; automatic captions are marked, and captions
//       the site refuses get what to do;
//   (d) nothing was requested from anywhere but 127.0.0.1 and the extension.
// stories260K writes children's stories: the tests assert structure (times present, the seek
// works), never quality. A summary point gets the time of the caption it shares the most words
// with, so the lecture below teaches the water cycle with a story's words (a little girl, the park,
// the sun): without any word in common no point of a story could carry a time.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchWithExtension } from '../support/browser.mjs';
import { BROWSER_START, BUILD, LIBRARY_WORK, MODEL_RUN, UI } from '../support/deadlines.mjs';
import { closeAll, startLibraryModelHost } from '../support/e2e-setup.mjs';
import { buildWithStandin } from '../support/library-build.mjs';
import { MINILM_STANDIN_ID } from '../support/library-standin.mjs';
import {
  askLibrary,
  chooseEmbeddingModel,
  clickSummarize,
  configureModels,
  errorText,
  openLibrary,
  openPanel,
  openView,
  saveToLibrary,
  selectParagraph,
  waitForEmbedding,
  waitForPhase,
  waitForRun,
  waitForText,
} from '../support/panel.mjs';
import { DEFAULT_VIDEOS, startVideoSite } from '../support/video-site.mjs';

/** A lecture of about twelve minutes, a caption every 36 s (times in the summary are then not all 0:00). */
const STORY_LECTURE = [
  'Good morning. Today a little girl named Lily goes to the park on a sunny day.',
  'The sun is big and hot. It warms the water in the pond where the ducks play.',
  'The warm water turns into vapour and rises up into the sky. We call this evaporation.',
  'Lily sees a puddle after the rain. By lunch the puddle is gone: the sun took it.',
  'High in the sky the vapour cools down, and tiny drops make a cloud.',
  'Clouds are made of many small drops of water. This is condensation.',
  'When the drops get big and heavy, they fall down as rain, or as snow when it is cold.',
  'Her friend Tom has a red ball. The rain makes the ball wet and the grass green.',
  'The rain flows into a river, and the river carries the water to the sea.',
  'Some rain soaks into the ground. Trees and flowers drink it with their roots.',
  'Plants give water back to the air through their leaves. This is transpiration.',
  'Then the sun warms the sea again, and the loop starts over.',
  'So the water Lily drinks may once have been a cloud, a river, or the sea.',
  'The water cycle never stops. It moves water around the whole world every day.',
  'At home, Lily tells her mom what she learned, and her mom is very happy.',
  'Next week we will look at weather: wind, storms and why the sky is blue.',
  'Please read the chapter about the water cycle before our next lesson.',
  'Thank you for listening, and have a good day.',
].map((text, i) => ({ start: 2 + i * 36, dur: 6, text }));

/** The plain page's captions: a lecture on photosynthesis of about fifteen minutes. */
const PHOTOSYNTHESIS_LINES = [
  'Good morning. Today we study photosynthesis, the way plants make their food.',
  'Plants take in light with a green pigment called chlorophyll.',
  'Chlorophyll sits in small parts of the cell called chloroplasts.',
  'The light reactions split water and release oxygen into the air.',
  'They also make two energy carriers, ATP and NADPH.',
  'The Calvin cycle uses those carriers to fix carbon dioxide into sugar.',
  'The enzyme that fixes carbon is called RuBisCO, perhaps the most common protein on Earth.',
  'Stomata are tiny pores on the underside of leaves that open to let carbon dioxide in.',
  'When stomata open, water escapes too; on hot days plants close them to save water.',
  'Cactus plants open their stomata at night and store carbon as an acid until morning.',
  'Corn and sugar cane concentrate carbon dioxide around RuBisCO in special cells.',
  'Photosynthesis feeds almost every food chain on the planet.',
  'For next time, read chapter eight and try the questions on light and pigments.',
];
const PHOTOSYNTHESIS_STARTS = PHOTOSYNTHESIS_LINES.map((_, i) => 3 + i * 70);
/** Answered by one caption only: its words are in no other. */
const LIBRARY_QUESTION = 'Why do cactus plants open their stomata at night and store carbon as an acid?';

function vtt(lines: string[], starts: number[]): string {
  const stamp = (s: number) =>
    `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
  return ['WEBVTT', '', ...lines.flatMap((text, i) => [`${stamp(starts[i]!)} --> ${stamp(starts[i]! + 8)}`, text, ''])].join('\n');
}

let site: Awaited<ReturnType<typeof startVideoSite>>;
let host: Awaited<ReturnType<typeof startLibraryModelHost>>;
let s: Awaited<ReturnType<typeof launchWithExtension>>;

beforeAll(async () => {
  const extension = await buildWithStandin('.output/e2e-video');
  site = await startVideoSite({
    videos: {
      ...DEFAULT_VIDEOS,
      water2: {
        title: 'The water cycle, told with a story',
        tracks: [{ lang: 'en', name: 'English', default: true }],
        lines: STORY_LECTURE,
      },
    },
    captions: { l4: vtt(PHOTOSYNTHESIS_LINES, PHOTOSYNTHESIS_STARTS) },
  });
  host = await startLibraryModelHost();
  s = await launchWithExtension({ extension });
}, BUILD + BROWSER_START);

afterAll(() => closeAll(s, host, site));

/** The player's time, once it knows its media (a seek before that would wait for the metadata). */
async function playerReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, { timeout: UI });
}

async function waitForPlayerAt(page: Page, seconds: number): Promise<number> {
  await page.waitForFunction((t) => Math.abs((document.querySelector('video')?.currentTime ?? -1) - t) < 1, { timeout: UI }, seconds);
  return page.evaluate(() => document.querySelector('video')!.currentTime);
}

/** Brings the student's tab to the front and waits until the panel works on it. */
async function switchTo(study: Page, panel: Page, url: string, title: string): Promise<void> {
  await study.goto(url);
  await study.bringToFront();
  await panel.bringToFront();
  await panel.waitForFunction((t) => document.querySelector('.page-title')?.textContent?.includes(t), { timeout: UI }, title);
}

describe('lecture videos', () => {
  let study: Page;
  let panel: Page;

  test('(a) a watch page: the summary says it read the transcript, and its times jump the video', async () => {
    study = await s.browser.newPage();
    await study.goto(site.watchUrl('water2'));
    panel = await openPanel(s, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'], MODEL_RUN), await errorText(panel)).toBe('done');

    // The source: the video's transcript, its language named, written (not automatic) captions.
    const source = await panel.$eval('.video-source', (el) => ({
      text: el.textContent ?? '',
      lang: (el as HTMLElement).dataset.language,
      auto: (el as HTMLElement).dataset.auto,
    }));
    expect(source.text).toMatch(/The video’s transcript: English captions/);
    expect(source).toMatchObject({ lang: 'en', auto: 'false' });
    // The timed text was fetched from the video's own site.
    expect(site.log.some((r) => r.path === '/api/timedtext' && r.query.v === 'water2')).toBe(true);

    // Times in the summary: buttons, each at a caption's start (the transcript's times, floored).
    const times = await panel.$$eval('.summary button.time-link', (bs) => bs.map((b) => Number((b as HTMLElement).dataset.seconds)));
    expect(times.length).toBeGreaterThan(0);
    const starts = STORY_LECTURE.map((l) => l.start);
    for (const t of times) expect(starts.some((st) => Math.abs(st - t) < 1)).toBe(true);

    // The student has watched past them all; a time in the summary brings the player back there.
    await playerReady(study);
    await study.evaluate(() => (document.querySelector('video')!.currentTime = 1800));
    const target = times.at(-1)!;
    await panel.click(`.summary button.time-link[data-seconds="${target}"]`);
    expect(await waitForPlayerAt(study, target)).toBeLessThan(target + 1);
    await panel.waitForSelector('.video-seek[data-ok="true"]', { timeout: UI });
    expect(await panel.$eval('.video-seek', (el) => el.textContent)).toMatch(/The video is now at \d+:\d\d\./);
  });

  test('(a) asked about in Chat, Hints and Ask: a time in each answer jumps the video', async () => {
    const starts = STORY_LECTURE.map((l) => l.start);
    /** The answer's times are at captions' starts; the last one brings the player back from 30:00. */
    const seekFrom = async (view: string, answer: string) => {
      const buttons = `${view} ${answer} button.time-link`;
      await panel.waitForSelector(buttons, { timeout: UI });
      const times = await panel.$$eval(buttons, (bs) => bs.map((b) => Number((b as HTMLElement).dataset.seconds)));
      for (const t of times) expect(starts.some((st) => Math.abs(st - t) < 1)).toBe(true);
      await study.evaluate(() => (document.querySelector('video')!.currentTime = 1800));
      await panel.bringToFront();
      const target = times.at(-1)!;
      await panel.click(`${buttons}[data-seconds="${target}"]`);
      expect(await waitForPlayerAt(study, target)).toBeLessThan(target + 1);
      const label = `${Math.floor(target / 60)}:${String(target % 60).padStart(2, '0')}`;
      await waitForText(panel, `${view} .video-seek[data-ok="true"]`, new RegExp(`The video is now at ${label}\\.`));
      await panel.bringToFront();
    };

    // The last jump showed the student's tab: the panel comes back to the front (a hidden page runs no frames).
    await panel.bringToFront();
    // Chat about the watch page: the answer (a story: stories260K) gets its closest captions' times.
    const chat = 'section[aria-label="Chat about this page"]';
    await openView(panel, 'Chat');
    await panel.type('input[name=chatQuestion]', 'Where does the water go when the sun is hot?');
    await panel.click('form.chat-form button[type=submit]');
    expect(await waitForRun(panel, chat), await errorText(panel)).toBe('done');
    await seekFrom(chat, '.chat-log .turn.assistant');

    // A hint on the whole page (nothing selected).
    const hints = 'section[aria-label="Hints"]';
    await openView(panel, 'Hints');
    await panel.click(`${hints} ::-p-text(Give me a hint)`);
    expect(await waitForRun(panel, hints), await errorText(panel)).toBe('done');
    await seekFrom(hints, '.hint-list');

    // Ask about a selection on the watch page (the video's title).
    const ask = 'section[aria-label="Ask about a selection"]';
    await study.bringToFront();
    await selectParagraph(study, 'h1.title');
    await panel.bringToFront();
    await openView(panel, 'Ask');
    await panel.click(`${ask} ::-p-text(Use my current selection)`);
    await panel.waitForSelector(`${ask} figure.quote`, { timeout: UI });
    await panel.click(`${ask} ::-p-text(Explain)`);
    expect(await waitForRun(panel, ask), await errorText(panel)).toBe('done');
    await seekFrom(ask, '.answer');
    await openView(panel, 'This page');
  });

  test('(c) a video without captions: the clear message', async () => {
    await switchTo(study, panel, site.watchUrl('nocaps'), 'A silent experiment');
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'], UI)).toBe('error');
    const error = await panel.$eval('.error', (el) => ({ code: (el as HTMLElement).dataset.code, text: el.textContent ?? '' }));
    expect(error.code).toBe('no-captions');
    expect(error.text).toMatch(/^This video has no captions Locus can read\./);
    expect(await panel.$('.summary button.time-link')).toBeNull();
  });

  test('automatic captions are marked as such; captions the site refuses get what to do', async () => {
    await switchTo(study, panel, site.watchUrl('asronly'), 'Office hours');
    await clickSummarize(panel);
    await panel.waitForSelector('.video-source[data-auto="true"]', { timeout: MODEL_RUN });
    // The jump made on the previous video is not said of this one.
    expect(await panel.$('.video-seek')).toBeNull();
    expect(await panel.$eval('.video-source', (el) => el.textContent ?? '')).toMatch(
      /The video’s transcript: English automatic captions.*auto-generated/,
    );
    expect(await waitForPhase(panel, ['done', 'error'], MODEL_RUN), await errorText(panel)).toBe('done');

    await switchTo(study, panel, site.watchUrl('refused'), 'A refused lecture');
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'], UI)).toBe('error');
    const error = await panel.$eval('.error', (el) => ({ code: (el as HTMLElement).dataset.code, text: el.textContent ?? '' }));
    expect(error.code).toBe('transcript-unreadable');
    expect(error.text).toMatch(/did not give Locus the captions.*Show transcript/);
    // JSON3 first, then the default XML, both from the video's own site, before giving up.
    const asked = site.log.filter((r) => r.path === '/api/timedtext' && r.query.v === 'refused').map((r) => r.query.fmt ?? '(xml)');
    expect(asked).toEqual(['json3', '(xml)']);
  });

  test('(b) a <video> + <track> page in the library: the cited passage carries its time and jumps the video', async () => {
    await switchTo(study, panel, site.lectureUrl('l4'), 'Lecture 3');
    await openLibrary(panel);
    await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);
    expect(await saveToLibrary(panel, { course: 'Biology', tags: 'lecture' })).toMatch(/Saved “.+”: \d+ parts?/);
    await waitForEmbedding(panel, 1, LIBRARY_WORK);

    const asked = await askLibrary(panel, LIBRARY_QUESTION);
    expect(asked.phase, await errorText(panel)).toBe('done');
    expect(asked.sources.length).toBeGreaterThan(0);
    expect(asked.sources[0]!.label).toMatch(/at \d+:\d\d in the video/);
    const seconds = Number(await panel.$eval('.sources li[data-n="1"] .source-time', (el) => (el as HTMLElement).dataset.seconds));
    // The passage is said after the lecture's start, at one of its captions.
    expect(seconds).toBeGreaterThan(0);
    expect(PHOTOSYNTHESIS_STARTS).toContain(seconds);

    const opened = s.browser.waitForTarget((t) => t.type() === 'page' && t.url().includes('/lectures/l4.html') && t !== study.target(), {
      timeout: UI,
    });
    await panel.click('.sources li[data-n="1"] button.source');
    const cited = (await (await opened).page())!;
    await playerReady(cited);
    expect(await waitForPlayerAt(cited, seconds)).toBeGreaterThan(seconds - 1);
    await panel.waitForFunction(
      (l) => document.querySelector('.citation-note')?.textContent?.includes(`Opened the video at ${l}.`),
      { timeout: UI },
      `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
    );
    await cited.close();
    await openView(panel, 'This page');
  });

  test('(d) nothing left for anywhere but 127.0.0.1 and the extension', () => {
    const outside = s.requests.outside();
    expect(outside.map((r) => `${r.targetType} ${r.url}`)).toEqual([]);
  });
});
