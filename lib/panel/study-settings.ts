/**
 * The study settings the panel changes (answer language, the student's language, the page toolbar)
 * and their mirrors in storage.local for the contexts that cannot read the settings database: the
 * content script (toolbar on/off) and the background (the "Translate to…" menu's first language).
 */
import { signal } from '@preact/signals';
import { browser } from '../platform/extension-api';
import { settings, updateSettings } from './settings-state';
import { studentLanguage as resolveStudentLanguage } from '../settings/languages';
import { SELECTION_BUTTON_KEY, STUDENT_LANGUAGE_KEY } from '../settings/storage-keys';

/**
 * This panel's "Answer in" override, next to where an answer is asked for ('' = as set in Settings →
 * Study tools). Not kept: the setting is the lasting choice, the override is for the answers at hand.
 */
export const answerOverride = signal('');

/** The language answers are asked in: the override, else the setting ('' = the page's language). */
export function answerLanguage(): string {
  return answerOverride.value || settings.value.answerLanguage;
}

export function studentLanguage(): string {
  return resolveStudentLanguage(settings.value.studentLanguage, browser.i18n.getUILanguage());
}

export async function setAnswerLanguage(tag: string): Promise<boolean> {
  return updateSettings({ answerLanguage: tag });
}

export async function setStudentLanguage(tag: string): Promise<boolean> {
  const ok = await updateSettings({ studentLanguage: tag });
  if (ok) await browser.storage.local.set({ [STUDENT_LANGUAGE_KEY]: tag }).catch(() => undefined);
  return ok;
}

export async function setSelectionButton(on: boolean): Promise<boolean> {
  const ok = await updateSettings({ selectionButton: on });
  if (ok) await browser.storage.local.set({ [SELECTION_BUTTON_KEY]: on }).catch(() => undefined);
  return ok;
}

/** Brings the mirrors in line with the settings (after an update, or a settings reset). */
export async function syncStudyMirrors(): Promise<void> {
  await browser.storage.local
    .set({ [SELECTION_BUTTON_KEY]: settings.value.selectionButton, [STUDENT_LANGUAGE_KEY]: settings.value.studentLanguage })
    .catch(() => undefined);
}
