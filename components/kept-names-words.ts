/**
 * The words the panel uses about names kept as written in a cloud request (the consent dialog and
 * Privacy), in one place: the panel is moving to the browser's i18n (public/_locales/<lang>/
 * messages.json), and each entry here is one message there, under the key it is stored by, with
 * `{name}` arguments in ICU form and plurals as separate keys until intl-messageformat formats them.
 */
const MESSAGES = {
  /** Heading of the list of kept names in the consent dialog. */
  consent_keptTitle: 'Kept as written',
  /** Why the names were kept (after the list). */
  consent_keptWhy:
    'These are on the page you are studying, and the answer needs them. Locus keeps a name from the page only when you did not write it yourself and it is not next to contact details or after words like "my classmate" or "Dear". Names you type, e-mail addresses, phone numbers, card numbers, addresses and IDs are always replaced, even when the page shows them.',
  /** Button: replace the kept names too, for this request. */
  consent_keptHide: 'Replace these too',
  /** Tooltip of a kept name in the previewed text. */
  consent_keptMark: '{entity}: kept as written (it is on the page you are studying)',
  /** Shown when the student asked to replace the page's names for this request. */
  consent_keptHidden: 'Names from the page are replaced too, as you asked.',
  /** One kept value with how often it is in the request. */
  consent_keptCount: '{value} (×{count})',
  /** Privacy: the setting. */
  privacy_keepPageNames: "Keep names from the page I'm studying (scientists, places, organizations in the lesson) as written",
  /** Privacy: what the setting does. */
  privacy_keepPageNamesNote:
    'Names you type, and names next to contact details or after words like "my classmate", are always replaced. The consent dialog lists what was kept, and you can replace those too before sending.',
} as const;

export type KeptNamesMessageKey = keyof typeof MESSAGES;

/** A message with its `{name}` arguments filled in. */
export function keptNamesText(key: KeptNamesMessageKey, values: Record<string, string | number> = {}): string {
  return MESSAGES[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
