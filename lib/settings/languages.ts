/**
 * Languages a student can ask answers in (and translate into). Values are BCP 47 tags; the names
 * shown are each language's own name, so a student finds theirs whatever the UI language.
 */
export interface LanguageOption {
  tag: string;
  /** The language's name in itself ("Français"). */
  name: string;
}

export const ANSWER_LANGUAGES: readonly LanguageOption[] = [
  { tag: 'en', name: 'English' },
  { tag: 'fr', name: 'Français' },
  { tag: 'es', name: 'Español' },
  { tag: 'de', name: 'Deutsch' },
  { tag: 'it', name: 'Italiano' },
  { tag: 'pt', name: 'Português' },
  { tag: 'nl', name: 'Nederlands' },
  { tag: 'pl', name: 'Polski' },
  { tag: 'sv', name: 'Svenska' },
  { tag: 'tr', name: 'Türkçe' },
  { tag: 'ru', name: 'Русский' },
  { tag: 'uk', name: 'Українська' },
  { tag: 'ar', name: 'العربية' },
  { tag: 'he', name: 'עברית' },
  { tag: 'fa', name: 'فارسی' },
  { tag: 'hi', name: 'हिन्दी' },
  { tag: 'bn', name: 'বাংলা' },
  { tag: 'id', name: 'Bahasa Indonesia' },
  { tag: 'vi', name: 'Tiếng Việt' },
  { tag: 'zh', name: '中文' },
  { tag: 'ja', name: '日本語' },
  { tag: 'ko', name: '한국어' },
];

/** Languages offered first in the "Translate to…" menu (the student's own language is added). */
export const TRANSLATE_MENU_LANGUAGES = ['en', 'fr', 'es', 'de', 'zh', 'ar'] as const;

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'yi', 'dv', 'ug', 'ckb']);

/** The primary subtag, lowercased ("pt-BR" → "pt"); '' for nothing usable. */
export function baseLanguage(tag: string): string {
  const base = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2,3}$/.test(base) ? base : '';
}

export function isRtlLanguage(tag: string): boolean {
  return RTL_LANGUAGES.has(baseLanguage(tag));
}

/** Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko). */
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * Which way a text reads, by its first letter (as `dir="auto"` decides): for a line that mixes the
 * panel's words with a page's own (its title), whose direction the page did not say.
 */
export function textDirection(text: string): 'ltr' | 'rtl' {
  const letter = /\p{L}/u.exec(text)?.[0];
  return letter && RTL_LETTER.test(letter) ? 'rtl' : 'ltr';
}

/** A language's own name ("Deutsch"), or its English name, or the tag itself. */
export function nativeName(tag: string): string {
  const base = baseLanguage(tag);
  const known = ANSWER_LANGUAGES.find((l) => l.tag === base);
  if (known) return known.name;
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    if (name && name !== tag) return name;
  } catch {
    // Not a valid tag: fall through.
  }
  return tag;
}

/** The student's language: what they chose, or the browser's UI language. */
export function studentLanguage(chosen: string, uiLanguage: string): string {
  return baseLanguage(chosen) || baseLanguage(uiLanguage) || 'en';
}

/**
 * The languages of the "Translate to…" menu: the student's own first, then the usual ones, without
 * repeats.
 */
export function translateMenuLanguages(student: string): string[] {
  const own = baseLanguage(student);
  return [...new Set([...(own ? [own] : []), ...TRANSLATE_MENU_LANGUAGES])];
}

/**
 * How an answer is laid out: in the language asked for, or else the page's; right to left when
 * that language is written so (or, with no language asked, when the page is).
 */
export function answerLayout(outputLanguage: string, page: { lang: string; dir?: 'ltr' | 'rtl' }): { lang: string; dir: 'ltr' | 'rtl' } {
  if (baseLanguage(outputLanguage)) return { lang: outputLanguage, dir: isRtlLanguage(outputLanguage) ? 'rtl' : 'ltr' };
  const dir = page.dir ?? (isRtlLanguage(page.lang) ? 'rtl' : 'ltr');
  return { lang: page.lang, dir };
}
