/** The settings as the panel shows and edits them; every write is validated before it is stored. */
import { signal } from '@preact/signals';
import { toErrorInfo, type ErrorInfo } from '../errors';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '../settings/settings';
import { database } from '../store/db';

export const settings = signal<Settings>(DEFAULT_SETTINGS);
export const settingsError = signal<ErrorInfo | null>(null);
/** False until the stored settings were read once (until then `settings` holds the defaults). */
export const settingsRead = signal(false);

export async function refreshSettings(): Promise<void> {
  settings.value = await loadSettings(database());
  settingsRead.value = true;
}

export async function updateSettings(patch: Partial<Settings>): Promise<boolean> {
  // Applied at once, then stored: what the student just picked is what the next click uses (a
  // click that landed before the write ended used the old value); put back if it cannot be stored.
  const before = settings.value;
  settings.value = { ...before, ...patch };
  try {
    settings.value = await saveSettings(database(), patch);
    settingsError.value = null;
    return true;
  } catch (error) {
    settings.value = before;
    const info = toErrorInfo(error);
    settingsError.value = { code: info.code, message: `That setting was not saved: ${info.message}` };
    return false;
  }
}
