// The panel's words (public/_locales/<lang>/messages.json): every language complete and in step
// with English, keys in order (so that parallel edits merge cleanly), every key used, and t/tn.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { substitute, t, tn, uiDirection, useMessages, type MessageFile } from '../../lib/i18n/t';

const root = path.join(import.meta.dirname, '../..');
const localesDir = path.join(root, 'public/_locales');
const read = (lang: string) => JSON.parse(readFileSync(path.join(localesDir, lang, 'messages.json'), 'utf8')) as MessageFile;
const english = read('en');
const languages = readdirSync(localesDir).filter((l) => l !== 'en');
/** Messages that are rightly the same words in every language (names of things). */
const SAME_IN_EVERY_LANGUAGE = new Set<string>(['Locus', 'Markdown', 'Anki (CSV)', 'PDF']);
const substitutions = (m: string) => [...m.matchAll(/\$([1-9])/g)].map((x) => x[1]).sort();

function sourceText(dir: string): string {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .map((p) => (statSync(p).isDirectory() ? sourceText(p) : /\.(tsx?|mjs)$/.test(p) ? readFileSync(p, 'utf8') : ''))
    .join('\n');
}

describe('the messages files', () => {
  test('Vietnamese is one of the languages', () => {
    expect(languages).toContain('vi');
  });

  test.each(['en', ...languages])('%s: keys in alphabetical order, each message non-empty', (lang) => {
    const file = read(lang);
    const keys = Object.keys(file);
    expect(keys).toEqual([...keys].sort());
    for (const key of keys) expect(file[key]!.message.trim(), `${lang} ${key}`).not.toBe('');
  });

  test.each(languages)('%s: the same keys as English, the same $n values, translated', (lang) => {
    const file = read(lang);
    expect(Object.keys(file)).toEqual(Object.keys(english));
    for (const [key, { message }] of Object.entries(english)) {
      const theirs = file[key]!.message;
      expect(substitutions(theirs), `${lang} ${key}`).toEqual(substitutions(message));
      if (theirs === message && /[a-z]{3}/i.test(message)) expect(SAME_IN_EVERY_LANGUAGE, `${lang} ${key} is English`).toContain(message);
    }
  });

  test('every key is used by the code (plural keys by their stem)', () => {
    const code =
      ['components', 'lib', 'entrypoints'].map((d) => sourceText(path.join(root, d))).join('\n') +
      readFileSync(path.join(root, 'wxt.config.ts'), 'utf8');
    const unused = Object.keys(english).filter((key) => {
      const stem = key.replace(/_(zero|one|two|few|many|other)$/, '');
      return !code.includes(`'${stem}'`) && !code.includes(`__MSG_${key}__`);
    });
    expect(unused).toEqual([]);
  });
});

describe('t and tn', () => {
  afterEach(() => useMessages(english, 'en'));

  test('substitute fills $1…$9 and keeps $$ as $', () => {
    expect(substitute('Step $1 of $2 costs $$3', ['2', '7'])).toBe('Step 2 of 7 costs $3');
    expect(substitute('$1 and $3', ['a'])).toBe('a and ');
  });

  test('t reads the installed file; a missing key shows itself', () => {
    useMessages({ greet: { message: 'Hello $1' } }, 'en');
    expect(t('greet' as never, 'Lan')).toBe('Hello Lan');
    expect(t('nowhere' as never)).toBe('nowhere');
  });

  test('tn picks the plural form of the language', () => {
    const file = { card_one: { message: '$1 card' }, card_other: { message: '$1 cards' } };
    useMessages(file, 'en');
    expect(tn('card' as never, 1)).toBe('1 card');
    expect(tn('card' as never, 3)).toBe('3 cards');
    useMessages(file, 'vi'); // Vietnamese has one form: always "other"
    expect(tn('card' as never, 1)).toBe('1 cards');
  });

  test('right to left for Arabic and Hebrew, left to right otherwise', () => {
    useMessages(english, 'ar');
    expect(uiDirection()).toBe('rtl');
    useMessages(english, 'he-IL');
    expect(uiDirection()).toBe('rtl');
    useMessages(english, 'vi');
    expect(uiDirection()).toBe('ltr');
  });
});
