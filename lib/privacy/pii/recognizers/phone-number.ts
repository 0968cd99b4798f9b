/**
 * PHONE_NUMBER. Written by hand rather than with libphonenumber: that library answers "is this a
 * number some operator could assign", which is the wrong question for redaction twice over. A
 * made-up or mistyped number a student writes down still has to be hidden, and a random ten-digit
 * order number is a "valid" US number, so validity does not separate phones from other numbers
 * anyway. What does is the shape and the words around it, which is what this file checks.
 *
 * A candidate is a chain of digit groups (optional "+", area code in parentheses, single separators
 * " ", ".", "-", an optional extension). It is a phone number when
 * - its shape alone says so: international (+CC… or 00CC…), North American (1-)NXX-NXX-XXXX with
 *   consistent separators or a parenthesized area code, a trunk-prefixed national number
 *   (0… in two or more groups, 9–12 digits), a parenthesized area code followed by groups, or an
 *   extension; or
 * - a phone word is near it ("tel", "mobile", "fax", "Telefon", "téléphone", "هاتف"…, or a letterhead
 *   label right next to it: "Office: …", "… (home)"), for everything else with 6–15 digits (local
 *   numbers like "785 8949", bare "2813882583"); a verb of calling ("call", "reach me at") counts
 *   too, except for numbers written like counts ("1 234 567").
 * Never: dates, years and year ranges, prices, percentages, decimals, dotted IPv4 addresses, ISBNs
 * (a group of one digit), or numbers introduced by words that name another kind of number (order,
 * invoice, ISBN, account…).
 */
import { around, cueRegex, matchAll, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

const CANDIDATE = new RegExp(
  [
    // Not glued to a word or a number; "Tel.0431…" and "Office,555…" are fine, "1,234" and "-12" not.
    // (The cheap look-ahead first: most positions cannot start a number at all.)
    `(?=[+(\\d])(?<!${SPACED_LETTER}|[\\p{N}_+/])` + String.raw`(?<![\p{N}.,\-][.,\-])(?<!(?:^|\s)[.,\-])`,
    String.raw`(?:\+|\(\+?\d{1,4}\) ?)?`, // "+" or "(area)" / "(+44)"
    String.raw`\d{1,15}(?:/\d{3,15})?`, // "030/901820": DIN 5008's former area-code slash
    String.raw`(?:(?:[ .\-]|[ .\-]?\(\d{1,5}\)[ .\-]?)\d{1,15}){0,7}`, // more groups, maybe "(0)"
    String.raw`(?: ?(?:x|ext\.?|extension|poste|Durchwahl) ?\d{1,6})?`, // extension
    `(?!${SPACED_LETTER}|[\\p{N}_]|[.\\-/,:]\\d|%)`,
  ].join(''),
  'giu',
);

/** Nouns and labels near a number that say it is a phone number. */
const PHONE_NOUN = cueRegex([
  // English
  'phone',
  'phones',
  'phone number',
  'telephone',
  'tel',
  'tel.',
  'mobile',
  'mob.',
  'cellphone',
  'cell phone',
  'cell:',
  'my cell',
  'his cell',
  'her cell',
  'your cell',
  'cell number',
  'cell no.',
  'fax',
  'sms',
  'whatsapp',
  'hotline',
  'helpline',
  'landline',
  'voicemail',
  'pager',
  'my number',
  'your number',
  'his number',
  'her number',
  'our number',
  'their number',
  // German, French, Spanish, Italian, Portuguese, Dutch
  'telefon',
  'telefonnummer',
  'handy',
  'handynummer',
  'mobil',
  'téléphone',
  'tél',
  'tél.',
  'portable',
  'teléfono',
  'telefono',
  'móvil',
  'movil',
  'celular',
  'cellulare',
  'telefone',
  'telemóvel',
  'telefoon',
  'mobiel',
  // Polish, Czech, Russian, Ukrainian, Turkish, Greek
  'telefonu',
  'komórka',
  'telefonní',
  'телефон',
  'телефону',
  'тел',
  'тел.',
  'моб',
  'cep',
  'τηλ',
  'τηλ.',
  'τηλέφωνο',
  'κινητό',
  // Arabic, Hebrew, Persian, Hindi
  'هاتف',
  'هاتفي',
  'الهاتف',
  'جوال',
  'جوالي',
  'الجوال',
  'موبايل',
  'رقمي',
  'رقم الهاتف',
  'رقم الجوال',
  'تلفن',
  'شماره تلفن',
  'טלפון',
  'הטלפון',
  'נייד',
  'טל',
  'टेलीफ़ोन',
  'फ़ोन',
  'फोन',
  'मोबाइल',
  // Chinese, Japanese, Korean
  '电话',
  '電話',
  '手机',
  '手機',
  '携帯',
  '전화',
  '휴대폰',
]);
/** Verbs of calling: a phone cue too, but not for numbers written like "1 234 567" (counts). */
const PHONE_VERB = cueRegex([
  'call',
  'calls',
  'called',
  'calling',
  'ring',
  'dial',
  'text me',
  'contact',
  'contact me',
  'reach me',
  'reach us',
  'reach him',
  'reach her',
  'reach them',
  'reach you',
  'reachable',
  'answering',
  'anrufen',
  'ruf mich',
  'appeler',
  'appelle',
  'appelez',
  'llamar',
  'llámame',
  'chiamare',
  'chiamami',
  'ligar',
  'bellen',
  'bel',
  'zadzwoń',
  'звоните',
  'звони',
  'اتصل',
  'اتصلوا',
]);
/** Labels that name a line of a letterhead or signature, only right next to the number. */
const LABEL_BEFORE = /(?<![\p{L}])(?:office|home|work|cell|direct|main|private|privat|bureau|büro|oficina|ufficio)\s*:\s*$/iu;
const LABEL_AFTER = /^\s*[-(]?\s*(?:office|home|work|cell|direct|main|private|privat|bureau|büro|oficina|ufficio)(?![\p{L}])/iu;

/** Words that, just before a number, say it is some other kind of number. */
const OTHER_NUMBER_CUE = cueRegex([
  'isbn',
  'issn',
  'doi',
  'order',
  'invoice',
  'receipt',
  'ref',
  'reference',
  'ticket',
  'tracking',
  'account',
  'acct',
  'iban',
  'card',
  'ssn',
  'social security',
  'license',
  'licence',
  'passport',
  'student',
  'matriculation',
  'matrikelnummer',
  'id',
  'serial',
  'version',
  'build',
  'page',
  'pages',
  'pp.',
  'chapter',
  'section',
  'isin',
  'zip',
  'postcode',
  'postal code',
  'plz',
  'population',
  'total',
  'sum',
  'score',
  'points',
  'bestellnummer',
  'rechnung',
  'commande',
  'factura',
  'pedido',
]);
const OTHER_ALL = new RegExp(OTHER_NUMBER_CUE.source, 'giu');
const NOUN_ALL = new RegExp(PHONE_NOUN.source, 'giu');
const lastMatchAt = (s: string, cue: RegExp) => {
  let last = -1;
  for (const m of s.matchAll(cue)) last = m.index;
  return last;
};
/** A house number: the number is followed by a street name ("12 345 Main Street"). */
const STREET_AFTER = new RegExp(
  String.raw`^\s+(?:\p{Lu}[\p{L}'.-]*\s+){0,3}(?:street|st|road|rd|lane|ln|avenue|ave|boulevard|blvd|drive|dr|` +
    String.raw`court|ct|way|place|pl|square|sq|terrace|crescent|close|highway|hwy|parkway|straße|strasse|str|gasse|` +
    String.raw`weg|platz|allee|rue|chemin|calle|avenida|via|viale|piazza|rua|laan|straat|plein|vej|gade|gatan|vägen|veien)` +
    String.raw`(?![\p{L}])`,
  'iu',
);
const CURRENCY = /[$€£¥₹₽₩₺₪฿]|\b(?:usd|eur|gbp|chf|jpy|inr|dollars?|euros?|pounds?|yen|rupees?)\b/i;
const MATH = /[=<>×÷*^]|[+\-]\s*$/;

interface Shape {
  digits: string;
  groups: string[];
  intl: boolean;
  parenArea: boolean;
  extension: boolean;
}

function shapeOf(candidate: string): Shape {
  const ext = /(?: ?(?:x|ext\.?|extension|poste|Durchwahl) ?\d{1,6})$/i.exec(candidate);
  const main = ext ? candidate.slice(0, ext.index) : candidate;
  // "+44 (0)20…": the national trunk prefix in parentheses is not dialled from abroad.
  const groups = main.replace(/\(0\)/, ' ').match(/\d+/g) ?? [];
  return {
    digits: groups.join(''),
    groups,
    intl: /^\(?\+/.test(main) || /^00[1-9]/.test(main),
    parenArea: /^\(\+?\d{1,5}\)/.test(main) || /^\d{1,4} ?\(\d{1,5}\)/.test(main),
    extension: ext !== null,
  };
}

function isPlausibleDate(candidate: string): boolean {
  let m = /^(\d{1,2})([./\- ])(\d{1,2})\2(\d{2}|\d{4})$/.exec(candidate);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
  }
  m = /^(\d{4})([./\- ])(\d{1,2})\2(\d{1,2})$/.exec(candidate);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[3]);
    const d = Number(m[4]);
    return y >= 1000 && y <= 2199 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
  }
  return false;
}

const isYear = (g: string) => g.length === 4 && Number(g) >= 1000 && Number(g) <= 2199;

function isExcludedShape(candidate: string, s: Shape): boolean {
  const n = s.digits.length;
  if (n < 6 || n > 15) return true;
  if (isPlausibleDate(candidate)) return true;
  // Year ranges and lists of years: "1990-2000", "1914 1918".
  if (s.groups.length >= 2 && s.groups.every(isYear)) return true;
  // A dotted quad of octets is an IPv4 address, left to the IP recognizer.
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(candidate) && s.groups.every((g) => Number(g) <= 255)) return true;
  // Two dot-separated groups are a decimal number.
  if (s.groups.length === 2 && /^\d+\.\d+$/.test(candidate)) return true;
  // A range ("100-200", "pp. 837-839"): two hyphenated groups of one length, the second larger.
  if (
    s.groups.length === 2 &&
    /^\d+-\d+$/.test(candidate) &&
    s.groups[0]!.length === s.groups[1]!.length &&
    Number(s.groups[1]) > Number(s.groups[0])
  )
    return true;
  // A one-digit group (an ISBN's check digit, "1 234 567") is not how phone numbers are written,
  // except a leading trunk or country code, and after a country code one short area code ("+33 1
  // 23 45 67 89", "+971 4 123 4567").
  const inner = s.groups.slice(s.intl ? 2 : 1);
  if (inner.some((g) => g.length === 1)) return true;
  // A one-digit first group is NANP's "1", a trunk "0", or Russia's trunk "8" before a parenthesized area code.
  if (s.groups[0]!.length === 1 && !s.intl && s.groups[0] !== '1' && s.groups[0] !== '0' && !(s.groups[0] === '8' && s.parenArea))
    return true;
  return false;
}

/** Shapes that are phone numbers without any word around them. */
function isStrongShape(candidate: string, s: Shape): boolean {
  const n = s.digits.length;
  const g = s.groups;
  if (s.intl) return n >= 8;
  if (s.extension) return n >= 7;
  // North American: [1 or 001] NXX NXX XXXX, with "(NXX)" or one consistent separator.
  const number = candidate.replace(/(?: ?(?:x|ext\.?|extension) ?\d{1,6})$/i, '');
  const nanp = /^(?:\(\d{3}\) ?\d{3}[ .\-]\d{4}|\d{3}([ .\-])\d{3}\1\d{4})$/;
  if (nanp.test(number) || nanp.test(number.replace(/^(?:\+?1|001)[ .\-]?/, ''))) return true;
  // Parenthesized area code, then at least two groups: "(88) 684-334", "(03) 5327 5996".
  if (s.parenArea && g.length >= 3 && n >= 7) return true;
  // Trunk prefix 0 (not the international 00), two or more groups: "0431 35 06 90", "06-10446904";
  // but not a US ZIP+4 code ("02139-4307").
  if (/^0[1-9]/.test(g[0]!) && g.length >= 2 && n >= 9 && n <= 12 && !/^\d{5}-\d{4}$/.test(candidate)) return true;
  return false;
}

/** Unmistakably a count: "1,234,567", "1 234 567", "2.500.000" (phone groups are not 1 digit long). */
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$|^\d([ .])\d{3}(?:\1\d{3})*$/;

function hasPhoneCue(text: string, start: number, end: number, candidate: string): boolean {
  const { before, after } = around(text, start, end, { before: 40, after: 24 });
  if (PHONE_NOUN.test(before) || PHONE_NOUN.test(after) || LABEL_BEFORE.test(before) || LABEL_AFTER.test(after)) return true;
  return !THOUSANDS.test(candidate) && (PHONE_VERB.test(before) || PHONE_VERB.test(after));
}

function isOtherNumber(text: string, start: number, end: number): boolean {
  const { before, after } = around(text, start, end, { before: 24, after: 12 });
  // The nearer word decides: "order no. 0431 35 06 90" is an order, "ISBN (phone: 0431 35 06 90)" a phone.
  // ("no." and "nr." are abbreviations, not sentence ends: "order no. 0431 35 06 90" is an order number)
  const sentence = before.split(/(?<!\b(?:no|nr|nos|ref|tel))[.;!?]\s/i).pop() ?? '';
  const other = lastMatchAt(sentence, OTHER_ALL);
  if (other >= 0 && other > lastMatchAt(sentence, NOUN_ALL)) return true;
  if (/^\+/.test(text.slice(start, end)) && /\d\s*$/.test(before)) return true; // "123 +456 789"
  if (CURRENCY.test(before.slice(-4)) || CURRENCY.test(after.slice(0, 8))) return true;
  if (MATH.test(before.slice(-3)) || /^\s*[=<>×÷*^+]/.test(after)) return true;
  if (STREET_AFTER.test(text.slice(end, end + 60))) return true;
  return false;
}

/** Page numbers of a citation: "Cell 67:837-839", "Nature 412, 544-555". */
function isCitation(text: string, start: number): boolean {
  return /\d(?::\s?|,\s)$/.test(text.slice(Math.max(0, start - 3), start));
}

export const phoneNumber: Recognizer = {
  entity: 'PHONE_NUMBER',
  priority: 2,
  find(text) {
    const spans: Span[] = [];
    for (const m of matchAll(CANDIDATE, text)) {
      if (m[0].length < 6) continue; // fewer than 6 digits
      const candidate = m[0];
      const start = m.index;
      const end = start + candidate.length;
      const shape = shapeOf(candidate);
      if (isExcludedShape(candidate, shape)) continue;
      if (isOtherNumber(text, start, end)) continue;
      if (isStrongShape(candidate, shape) || (!isCitation(text, start) && hasPhoneCue(text, start, end, candidate))) {
        spans.push({ entity: 'PHONE_NUMBER', start, end });
      }
    }
    return spans;
  },
};
