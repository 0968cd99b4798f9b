/**
 * The OCR page limit as Settings → Study tools changes it: what the student typed is checked against
 * the setting's bounds before it is stored, so a wrong number gets a sentence, not a silent refusal.
 */
import { t } from '../i18n/t';
import { OCR_PAGE_LIMIT } from '../settings/settings';
import { updateSettings } from './settings-state';

/** `text` as a whole number from `min` to `max`, or null (empty, a fraction, a sign, out of range). */
export function wholeNumberIn(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** Stores the limit when `text` is within bounds; returns what the panel says about it. */
export async function saveOcrPageLimit(text: string): Promise<{ ok: boolean; note: string }> {
  const limit = wholeNumberIn(text, OCR_PAGE_LIMIT.min, OCR_PAGE_LIMIT.max);
  if (limit === null) {
    return { ok: false, note: t('study_ocrPageLimitRange', String(OCR_PAGE_LIMIT.min), String(OCR_PAGE_LIMIT.max)) };
  }
  const ok = await updateSettings({ ocrPageLimit: limit });
  return { ok, note: ok ? t('study_saved') : t('study_notSaved') };
}
