// The panel's words in each language, as e2e tests compare what a view shows with them: a message
// becomes a whole-text pattern (its $1…$9 stand for any text), and a text that is an English
// message which Vietnamese words differently is English left in a Vietnamese panel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './shared-data.mjs';

export type Messages = Record<string, { message: string }>;

export const readMessages = (lang: string) =>
  JSON.parse(readFileSync(path.join(repoRoot, 'public/_locales', lang, 'messages.json'), 'utf8')) as Messages;

export const english = readMessages('en');
export const vietnamese = readMessages('vi');

/** A message as a whole-text pattern: its `$n` stand for any text. */
export function messagePattern(message: string): RegExp {
  const parts = message.split(/\$[1-9]/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+?')}$`, 's');
}

/** The English messages that Vietnamese words differently (names such as "Locus" are the same in both). */
const englishOnly = Object.entries(english)
  .filter(([key, { message }]) => vietnamese[key]?.message !== message && /[a-z]{2}/i.test(message))
  .map(([key, { message }]) => ({ key, message, pattern: messagePattern(message) }));

/** The Vietnamese messages worded differently from English. */
const vietnameseOnly = Object.entries(vietnamese)
  .filter(([key, { message }]) => english[key]?.message !== message)
  .map(([, { message }]) => messagePattern(message));

/** The texts that are English messages (whole, with any values in their places), each said with its key. */
export function englishLeft(texts: string[]): string[] {
  return texts.flatMap((text) => englishOnly.filter((m) => m.pattern.test(text)).map((m) => `"${text}" is ${m.key} ("${m.message}")`));
}

/** The texts that are Vietnamese messages worded differently from English. */
export function vietnameseShown(texts: string[]): string[] {
  return texts.filter((text) => vietnameseOnly.some((m) => m.test(text)));
}
