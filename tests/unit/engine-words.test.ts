// What the engine host says, worded by the panel: notices, the device recommendation, the
// low-storage warning and errors with a reason travel as codes and facts (the engine host has no
// i18n API). In English the panel's sentence is the engine's own English one, word for word; in
// Vietnamese it is the Vietnamese message with its numbers written the Vietnamese way, and no
// English message is left.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { NO_GPU, type GpuFacts } from '../../lib/catalog/device';
import { recommend, type DeviceProfile } from '../../lib/catalog/recommend';
import { LocusError } from '../../lib/errors';
import { useMessages, type MessageFile } from '../../lib/i18n/t';
import type { NoticeEvent } from '../../lib/messaging/engine-protocol';
import { noticeSchema, type Notice } from '../../lib/messaging/notice-protocol';
import { errorText } from '../../lib/panel/error-text';
import { formatCount } from '../../lib/panel/format';
import { routeReasonText, suggestionText } from '../../lib/panel/cloud-suggestion';
import { routeConfidence, routeRequest, routeSlowStart, type RouterEnv } from '../../lib/router/router';
import type { TokenConfidence } from '../../lib/engine-api/confidence';
import { noticeText } from '../../lib/panel/notice-text';
import { recommendationText, storageWarningText } from '../../lib/panel/recommendation-words';
import { buildSelectionPrompt } from '../../lib/tasks/selection-prompt';
import { buildHintPrompt } from '../../lib/tasks/hint-task';
import { FakeEngine } from '../support/fake-engine';

const read = (lang: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../../public/_locales', lang, 'messages.json'), 'utf8')) as MessageFile;
const english = read('en');
const vietnamese = read('vi');
const inVietnamese = () => useMessages(vietnamese, 'vi');
afterEach(() => useMessages(english, 'en'));

/** The English messages Vietnamese words differently, as whole-text patterns ($n: any text). */
const englishPatterns = Object.entries(english)
  .filter(([key, { message }]) => vietnamese[key]?.message !== message && /[a-z]{3}/i.test(message))
  .map(([key, { message }]) => ({
    key,
    re: new RegExp(
      `^${message
        .split(/\$[1-9]/)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+?')}$`,
      's',
    ),
  }));
const englishIn = (text: string) => englishPatterns.filter((p) => p.re.test(text)).map((p) => p.key);
/** Vietnamese is written with its own letters: at least one of them shows a Vietnamese sentence. */
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

const PAGE = { url: 'https://ocw.example/geology', title: 'Introduction to Geology', lang: 'en' };

/** One notice of each code, with the English sentence its engine-side emitter writes beside it. */
const NOTICES: Array<[Notice, string]> = [
  [
    { code: 'cards-per-run', model: 'SmolLM2', count: 8, quiz: false, fromSelection: false },
    'SmolLM2 writes about 8 cards from this page at a time; ask again for more.',
  ],
  [
    { code: 'cards-per-run', model: 'SmolLM2', count: 5, quiz: true, fromSelection: true },
    'SmolLM2 writes about 5 questions from this selection at a time; ask again for more.',
  ],
  [
    { code: 'cards-spread', parts: 4, quiz: false, fromSelection: true },
    'The selection is long: the cards come from 4 parts spread over it.',
  ],
  [
    { code: 'cards-spread', parts: 3, quiz: true, fromSelection: false },
    'The page is long: the questions come from 3 parts spread over it.',
  ],
  [
    { code: 'chat-history-cut', messages: 4, window: 8192 },
    'The model reads the last 4 messages of this conversation with your question (its window is 8,192 tokens); earlier ones stay here for you.',
  ],
  [
    { code: 'hint-held-back', sentences: 1 },
    'Locus held back 1 sentence of this hint that gave the answer away. Ask for the solution when you want it.',
  ],
  [
    { code: 'hint-held-back', sentences: 2 },
    'Locus held back 2 sentences of this hint that gave the answer away. Ask for the solution when you want it.',
  ],
  [
    { code: 'summary-first-parts', model: 'SmolLM2', parts: 48, percent: 12 },
    'This page is very long for SmolLM2: the summary covers its first 48 parts (about 12% of the text). Select a section and summarize it to go further.',
  ],
  [{ code: 'summary-combine-cut' }, 'The page is too long to combine every part; the summary covers its first parts.'],
  [
    { code: 'library-words-only', error: { code: 'engine-gone', message: 'The engine stopped.' } },
    'Searched your library by its words only: the embedding model is not available (The engine stopped.).',
  ],
  [{ code: 'library-source-cut', model: 'SmolLM2' }, "SmolLM2's window is small: it read only the beginning of source [1]."],
  [
    { code: 'library-passages-cut', model: 'SmolLM2', used: 3, found: 7 },
    "SmolLM2's window holds 3 of the 7 relevant passages; the answer uses those.",
  ],
  [
    { code: 'gpu-lost-restart' },
    'The GPU stopped responding, so Locus switched to the CPU (WASM) and started this task again. It will be slower.',
  ],
  [{ code: 'gpu-lost-earlier' }, 'The GPU stopped responding earlier, so Locus runs on the CPU (WASM) for now.'],
  [{ code: 'no-webgpu' }, 'WebGPU is not available in this browser, so Locus runs the model on the CPU (WASM) instead.'],
  [
    { code: 'cloud-page-cut', model: 'gpt-4o-mini', sent: 300_000, total: 2_000_000 },
    'The page is long: only its first 300,000 of 2,000,000 characters would be sent, to fit gpt-4o-mini.',
  ],
  [{ code: 'cloud-edited' }, 'You edited this text.'],
];

describe('notices', () => {
  test.each(NOTICES)('%o: English as the engine writes it, Vietnamese with no English left', (notice, englishSentence) => {
    expect(noticeText(notice)).toBe(englishSentence);
    inVietnamese();
    const vi = noticeText(notice);
    expect(vi).toMatch(VIETNAMESE_LETTERS);
    expect(englishIn(vi)).toEqual([]);
  });

  test('every notice code is tested here (the two cuts below come from the real prompt builders)', () => {
    const tested = new Set([...NOTICES.map(([n]) => n.code), 'selection-cut', 'hint-problem-cut']);
    expect([...tested].sort()).toEqual(noticeSchema.options.map((o) => o.shape.code.value).sort());
  });

  test('a long selection: the engine sends word counts, the panel writes them in the language', async () => {
    const engine = new FakeEngine({ contextWindow: 512 });
    const selection = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const built = await buildSelectionPrompt(
      { action: 'explain', selection, context: '', question: '', targetLanguage: '', page: PAGE, outputLanguage: '' },
      engine,
    );
    const event: NoticeEvent = built.notices[0]!;
    expect(event.notice).toMatchObject({ code: 'selection-cut', words: 3000, translate: false });
    // The English the engine logs and the panel's English are the same sentence.
    expect(noticeText(event.notice)).toBe(event.message);
    inVietnamese();
    const vi = noticeText(event.notice);
    expect(vi).toContain('khoảng 3.000 từ');
    expect(englishIn(vi)).toEqual([]);
  });

  test('a long problem for hints: the same', async () => {
    const engine = new FakeEngine({ contextWindow: 512 });
    const problem = Array.from({ length: 2500 }, (_, i) => `x${i}`).join(' ');
    const built = await buildHintPrompt({ level: 1, problem, context: '', previous: [], page: PAGE, outputLanguage: '' }, engine);
    const event = built.notices[0]!;
    expect(event.notice).toMatchObject({ code: 'hint-problem-cut', words: 2500 });
    expect(noticeText(event.notice)).toBe(event.message);
    inVietnamese();
    expect(noticeText(event.notice)).toContain('khoảng 2.500 từ');
  });

  test('counts follow the interface language', () => {
    expect(formatCount(2_000_000)).toBe('2,000,000');
    inVietnamese();
    expect(formatCount(2_000_000)).toBe('2.000.000');
  });
});

const SWIFTSHADER: GpuFacts = { available: true, isFallback: true, shaderF16: false, maxBufferSize: 2 ** 30, description: 'swiftshader' };
const DISCRETE: GpuFacts = { available: true, isFallback: false, shaderF16: true, maxBufferSize: 2 ** 32, description: 'nvidia' };
const INTEGRATED: GpuFacts = { ...DISCRETE, shaderF16: false };
const profile = (gpu: GpuFacts, memoryGB: number | null, extra: Partial<DeviceProfile> = {}): DeviceProfile => ({
  gpu,
  memoryGB,
  cores: 4,
  freeStorageBytes: 50e9,
  chromeAiReady: false,
  ...extra,
});

describe('the device recommendation', () => {
  test.each([
    ['no GPU, 8 GB', profile(NO_GPU, 8)],
    ['no GPU, memory unknown', profile(NO_GPU, null)],
    ['software GPU, 4 GB', profile(SWIFTSHADER, 4)],
    ['GPU with f16, 8 GB', profile(DISCRETE, 8)],
    ['GPU without f16, 8 GB', profile(INTEGRATED, 8)],
    ["Chrome's model ready", profile(NO_GPU, 8, { chromeAiReady: true, chromeAi: 'available' })],
  ])('%s: the engine’s English sentence, and Vietnamese with no English left', (_label, p) => {
    const r = recommend(p);
    expect(recommendationText(r)).toBe(r.reason);
    inVietnamese();
    const vi = recommendationText(r);
    expect(vi).toMatch(VIETNAMESE_LETTERS);
    expect(englishIn(vi)).toEqual([]);
    expect(vi).not.toMatch(/graphics|memory|download|processor/i);
  });

  test('low storage: the warning in both languages', () => {
    for (const p of [profile(DISCRETE, 8, { freeStorageBytes: 1.5e9 }), profile(NO_GPU, 4, { freeStorageBytes: 50e6 })]) {
      useMessages(english, 'en');
      const r = recommend(p);
      expect(r.warningWhy).toBeDefined();
      expect(storageWarningText(r)).toBe(r.warning);
      inVietnamese();
      const vi = storageWarningText(r);
      expect(vi).toMatch(/^Chỉ còn trống (1,5 GB|50 MB)/);
      expect(englishIn(vi)).toEqual([]);
    }
  });

  test('no storage problem: no warning', () => {
    expect(storageWarningText(recommend(profile(NO_GPU, 8)))).toBe('');
  });

  test('a host that sends only the sentence: shown as it is', () => {
    expect(recommendationText({ reason: 'Old words.' })).toBe('Old words.');
    expect(storageWarningText({ warning: 'Old warning.' })).toBe('Old warning.');
  });
});

describe('errors with a reason', () => {
  test.each([
    ['captions-refused', 'error_reasonCaptionsRefused'],
    ['video-changed', 'error_reasonVideoChanged'],
  ] as const)('%s: the reason travels, and Vietnamese says it whole with no English detail', (reason, key) => {
    // The background's English sentence (tests/unit/study-background-media.test.ts) is the panel's English one.
    const message = english[key]!.message;
    const info = new LocusError('transcript-unreadable', message, { reason }).toInfo();
    expect(info).toEqual({ code: 'transcript-unreadable', message, reason });
    expect(errorText(info)).toEqual({ message, detail: '' });
    inVietnamese();
    expect(errorText(info)).toEqual({ message: vietnamese[key]!.message, detail: '' });
  });

  test('an error without a reason keeps the code’s sentence and the English detail', () => {
    inVietnamese();
    expect(errorText({ code: 'transcript-unreadable', message: 'The captions file is empty.' })).toEqual({
      message: vietnamese.error_transcriptUnreadable!.message,
      detail: 'The captions file is empty.',
    });
  });
});

describe('why the router proposes a bigger model', () => {
  const OPEN: RouterEnv = { privacyMode: false, offline: false, providerReady: true, suggestions: true };
  const reasonsOf = (d: ReturnType<typeof routeRequest>) => (d.route === 'propose-cloud' ? d.reasons : []);
  const reasons = [
    ...reasonsOf(routeRequest({ ask: 'Compare and contrast the two plates', inputChars: 80_000, explicit: true }, OPEN)),
    ...reasonsOf(routeRequest({ ask: Array.from({ length: 1300 }, () => 'word').join(' '), inputChars: 10 }, OPEN)),
    ...reasonsOf(routeSlowStart(12_400, OPEN)),
    ...reasonsOf(routeConfidence({ tokens: 200, meanEntropy: 3.456, meanTop2Gap: 0.031, meanTop1: 0.2 } as TokenConfidence, OPEN)),
  ];

  test('each reason the router gives: the English it logs, and Vietnamese in the consent dialog and the suggestion', () => {
    expect(reasons.map((r) => r.code).sort()).toEqual([
      'asked',
      'complex-ask',
      'long-ask',
      'long-input',
      'low-confidence',
      'slow-first-token',
    ]);
    for (const reason of reasons) expect(routeReasonText(reason)).toBe(reason.message);
    inVietnamese();
    for (const reason of reasons) {
      const vi = routeReasonText(reason);
      expect(vi, reason.code).toMatch(VIETNAMESE_LETTERS);
      expect(englishIn(vi), reason.code).toEqual([]);
    }
    expect(routeReasonText(reasons.find((r) => r.code === 'long-ask')!)).toBe('Yêu cầu của bạn dài (1.300 từ).');
    expect(routeReasonText(reasons.find((r) => r.code === 'low-confidence')!)).toContain('entropy trung bình 3,46 nat');
    const suggestion = suggestionText(reasons.filter((r) => r.code === 'long-ask'));
    expect(suggestion).toBe('Một mô hình lớn hơn có thể làm theo một yêu cầu dài như thế này (yêu cầu của bạn dài (1.300 từ)).');
  });
});
