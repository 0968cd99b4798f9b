// Words the panel shows that are not in its messages files: model names from the catalog, the
// graphics chip's name from the engine host, a page's title. Each is shown in the student's language
// where it holds words (not a name), and a page's title reads in its own direction. And the panel's
// language is the language its words are in (an Arabic browser gets English words, left to right).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { catalog } from '../../lib/catalog/catalog';
import { t, uiDirection, uiLanguage, useMessages, type MessageFile } from '../../lib/i18n/t';
import { gpuText, modelName, WORDED_MODEL_NAMES } from '../../lib/panel/model-words';
import { textDirection } from '../../lib/settings/languages';

const read = (lang: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../../public/_locales', lang, 'messages.json'), 'utf8')) as MessageFile;
const english = read('en');
const vietnamese = read('vi');

afterEach(() => useMessages(english, 'en'));

describe('model names', () => {
  test('every catalog name that holds words besides the name is worded by the panel', () => {
    // Words in brackets ("(test model)") or a possessive ("Chrome's") are English, not a name.
    const worded = catalog.models.map((m) => m.name).filter((name) => /\(|'s\b/.test(name));
    expect(worded.length).toBeGreaterThan(0);
    expect(worded.filter((name) => !(name in WORDED_MODEL_NAMES))).toEqual([]);
    // And the English words are the catalog's, so English students see the name as before.
    for (const name of worded) expect(modelName(name)).toBe(name);
  });

  test('in Vietnamese the descriptor is Vietnamese and the name stays; plain names are left alone', () => {
    useMessages(vietnamese, 'vi');
    expect(modelName('stories260K (test model)')).toBe('stories260K (mô hình thử nghiệm)');
    expect(modelName('BERT base NER (names, places, organizations)')).toMatch(/^BERT base NER \(tên người/);
    expect(modelName('SmolLM2 135M Instruct')).toBe('SmolLM2 135M Instruct');
  });
});

describe("the graphics chip's name", () => {
  test('the host\'s "(software)" mark is worded; the chip\'s own name and features stay', () => {
    expect(gpuText('SwiftShader Device (Subzero) (software), shader-f16')).toBe('SwiftShader Device (Subzero) (software), shader-f16');
    useMessages(vietnamese, 'vi');
    expect(gpuText('SwiftShader Device (Subzero) (software), shader-f16')).toBe(
      `SwiftShader Device (Subzero) ${vietnamese.models_gpuSoftwareMark!.message}, shader-f16`,
    );
    expect(gpuText('none')).toBe(t('models_gpuNone'));
    expect(gpuText('Intel UHD 620')).toBe('Intel UHD 620');
  });
});

describe("a text's direction by its first letter", () => {
  test('Arabic and Hebrew titles read right to left; Latin and Vietnamese ones left to right', () => {
    expect(textDirection('مقدمة في علم الأرض')).toBe('rtl');
    expect(textDirection('  12. מבוא לגאולוגיה')).toBe('rtl');
    expect(textDirection('Introduction to Geology (مقدمة)')).toBe('ltr');
    expect(textDirection('Địa chất học nhập môn')).toBe('ltr');
    expect(textDirection('2026 — ')).toBe('ltr');
  });
});

describe("the panel's language is its words' language", () => {
  /** A browser running in `browserLanguage` that has Locus's messages in `words` (its fallback otherwise). */
  function browserIn(browserLanguage: string, words: string) {
    useMessages(undefined);
    (globalThis as { chrome?: unknown }).chrome = {
      i18n: {
        getUILanguage: () => browserLanguage,
        getMessage: (key: string) =>
          key === 'ui_language' ? words : key === '@@bidi_dir' && /^(ar|he)/.test(browserLanguage) ? 'rtl' : '',
      },
    };
  }
  afterEach(() => delete (globalThis as { chrome?: unknown }).chrome);

  test('an Arabic or Hebrew browser, with no Arabic or Hebrew messages: English words, left to right', () => {
    browserIn('ar', 'en');
    expect([uiLanguage(), uiDirection()]).toEqual(['en', 'ltr']);
    browserIn('he', 'en');
    expect([uiLanguage(), uiDirection()]).toEqual(['en', 'ltr']);
  });

  test('a Vietnamese or British browser keeps its own tag (its words are in its language)', () => {
    browserIn('vi', 'vi');
    expect([uiLanguage(), uiDirection()]).toEqual(['vi', 'ltr']);
    browserIn('en-GB', 'en');
    expect([uiLanguage(), uiDirection()]).toEqual(['en-GB', 'ltr']);
  });

  test('messages in a right-to-left language would turn the panel right to left', () => {
    browserIn('ar-EG', 'ar');
    expect([uiLanguage(), uiDirection()]).toEqual(['ar-EG', 'rtl']);
  });
});
