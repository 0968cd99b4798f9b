/**
 * The panel's words, in the browser's language: `t('key', ...values)` reads
 * public/_locales/<lang>/messages.json through the browser's own i18n (Chrome and Firefox pick the
 * language the browser runs in, falling back to `default_locale`, English). Messages use the standard
 * format with direct substitutions `$1`…`$9`; plurals are keys ending in a CLDR category
 * (`_one`, `_other`, …) chosen with Intl.PluralRules for the browser's language.
 *
 * Why not @wxt-dev/i18n: it keeps messages in a top-level `locales/` folder and a virtual module
 * that Node unit tests cannot import; the standard files need no build step and both browsers read
 * them as they are. Why not webextension-polyfill here: getMessage is synchronous in both browsers,
 * and this module must also run in Node (unit tests install the English file with `useMessages`)
 * and in the offscreen document, which has no i18n API (it then says the English words).
 */
import type english from '../../public/_locales/en/messages.json';

/** Every message key (the English file is the reference; a unit test keeps the others in step). */
export type MessageKey = keyof typeof english;
/** Keys of plural messages, without their `_one` / `_other` ending. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}_other` ? Base : never;
}[MessageKey];

/** A loaded messages file: key → { message }. */
export type MessageFile = Record<string, { message: string }>;

interface BrowserI18n {
  getMessage(key: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

let installed: { file: MessageFile; language: string } | undefined;

/** Uses these messages instead of the browser's (Node tests, and pages without an i18n API). */
export function useMessages(file: MessageFile | undefined, language = 'en'): void {
  installed = file ? { file, language } : undefined;
}

function browserI18n(): BrowserI18n | undefined {
  const g = globalThis as { browser?: { i18n?: BrowserI18n }; chrome?: { i18n?: BrowserI18n } };
  const i18n = g.browser?.i18n ?? g.chrome?.i18n;
  return typeof i18n?.getMessage === 'function' ? i18n : undefined;
}

/** Replaces `$1`…`$9` with the values and `$$` with `$`, as the browsers do. */
export function substitute(message: string, values: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (values[Number(d) - 1] ?? '')));
}

function lookup(key: string, values: string[]): string {
  if (installed) {
    const entry = installed.file[key];
    return entry ? substitute(entry.message, values) : '';
  }
  return browserI18n()?.getMessage(key, values) ?? '';
}

/** The message `key` with `values` in place of `$1`, `$2`, …; the key itself if it is missing. */
export function t(key: MessageKey, ...values: Array<string | number>): string {
  return lookup(key, values.map(String)) || key;
}

/** The plural form of `key` for `count` (`count` is `$1`; other values follow as `$2`, …). */
export function tn(key: PluralKey, count: number, ...values: Array<string | number>): string {
  const category = new Intl.PluralRules(uiLanguage()).select(count);
  const all = [count.toLocaleString(uiLanguage()), ...values.map(String)];
  return lookup(`${key}_${category}`, all) || lookup(`${key}_other`, all) || key;
}

/** Languages written right to left (by their base tag). */
const RTL = /^(ar|he|iw|fa|ur|ps|yi|dv|ckb)(-|_|$)/i;

/**
 * The language of the panel's words (BCP 47), e.g. "vi" or "en-US": the browser's, when Locus has
 * messages in it; else the language the browser fell back to (`ui_language` in the messages file
 * read, English for an Arabic or Hebrew browser), so that lang, direction, plurals and numbers
 * follow the words the student sees.
 */
export function uiLanguage(): string {
  if (installed) return installed.language;
  const i18n = browserI18n();
  const browserLanguage = i18n?.getUILanguage() || 'en';
  const words = i18n?.getMessage('ui_language');
  if (!words) return browserLanguage;
  return browserLanguage.toLowerCase().split(/[-_]/)[0] === words.toLowerCase() ? browserLanguage : words;
}

/** Which way the interface reads: the way its words' language reads (@@bidi_dir is the browser's, which may not be). */
export function uiDirection(): 'ltr' | 'rtl' {
  return RTL.test(uiLanguage()) ? 'rtl' : 'ltr';
}
