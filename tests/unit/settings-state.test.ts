// The panel's settings: a change is seen at once by the next click, and put back if it cannot be stored.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { settings, settingsError, updateSettings } from '../../lib/panel/settings-state';

describe('updateSettings', () => {
  it('applies the change before the write ends, and keeps it once stored', async () => {
    const saving = updateSettings({ answerLanguage: 'fr' });
    expect(settings.value.answerLanguage).toBe('fr'); // a click right after the pick sees it
    expect(await saving).toBe(true);
    expect(settings.value.answerLanguage).toBe('fr');
    expect(settingsError.value).toBeNull();
  });

  it('puts the old value back and says so when the change cannot be stored', async () => {
    const before = settings.value.answerLanguage;
    // A value the settings' schema refuses: the write fails after the change was shown.
    const saving = updateSettings({ answerLanguage: 42 as unknown as string });
    expect(settings.value.answerLanguage).toBe(42);
    expect(await saving).toBe(false);
    expect(settings.value.answerLanguage).toBe(before);
    expect(settingsError.value?.message).toMatch(/^That setting was not saved/);
  });
});
