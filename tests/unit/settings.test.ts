/**
 * Settings on a real Dexie database (fake-indexeddb): defaults, field-by-field fallback of a damaged
 * record, and saves that are validated as a whole.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, normalizeSettings, saveSettings } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';

let opened: LocusDatabase[] = [];
let counter = 0;
function freshDb(): LocusDatabase {
  counter += 1;
  const db = new LocusDatabase(`locus-settings-test-${process.pid}-${counter}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened) await db.delete();
  opened = [];
});

describe('settings', () => {
  it('are the defaults on a new database', async () => {
    const db = freshDb();
    const settings = await loadSettings(db);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    // The defaults a student starts with: private, online, automatic device, released when idle.
    expect(settings).toMatchObject({ privacyMode: true, offline: false, device: 'auto' });
    expect(settings.idleUnloadMinutes).toBeGreaterThan(0);
    expect(settings.modelHost).toMatch(/^https:\/\/[^/]+$/);
    expect(await db.settings.count()).toBe(0); // reading writes nothing
  });

  it('keep each valid stored field and replace each invalid one by its default', async () => {
    const db = freshDb();
    await db.settings.put({
      key: 'settings',
      value: {
        modelHost: 'ftp://models.example', // invalid
        chatModel: 'stories260K', // valid
        device: 'tpu', // invalid
        idleUnloadMinutes: -3, // invalid
        privacyMode: 'no', // invalid
        offline: true, // valid
        somethingOld: 42, // unknown: dropped
      },
    });
    const settings = await loadSettings(db);
    // Every other field (the invalid ones included) is its default.
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, chatModel: 'stories260K', offline: true });

    await db.settings.put({
      key: 'settings',
      value: { device: 'wasm', idleUnloadMinutes: 0, privacyMode: false, modelHost: 'http://127.0.0.1:9000/' },
    });
    expect(await loadSettings(db)).toEqual({
      ...DEFAULT_SETTINGS,
      device: 'wasm',
      idleUnloadMinutes: 0,
      privacyMode: false,
      modelHost: 'http://127.0.0.1:9000',
    });
  });

  it('fall back to the defaults when the stored record is not an object', () => {
    for (const stored of [undefined, null, 'settings', 7, ['offline', true]]) {
      expect(normalizeSettings(stored), JSON.stringify(stored)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('save a valid change and read it back', async () => {
    const db = freshDb();
    const saved = await saveSettings(db, { offline: true, device: 'webgpu', idleUnloadMinutes: 0.5 });
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, offline: true, device: 'webgpu', idleUnloadMinutes: 0.5 });
    expect(await loadSettings(db)).toEqual(saved);
    // A second change keeps the first.
    await saveSettings(db, { privacyMode: false });
    expect(await loadSettings(db)).toEqual({ ...saved, privacyMode: false });
  });

  it('refuse a save with an invalid host and write nothing, not even its valid fields', async () => {
    const db = freshDb();
    await saveSettings(db, { modelHost: 'https://mirror.example' });
    const before = await db.settings.get('settings');
    for (const modelHost of ['not a url', 'javascript:alert(1)', 'ftp://mirror.example', 'https://', '']) {
      await expect(saveSettings(db, { modelHost, offline: true }), modelHost).rejects.toThrow();
    }
    await expect(saveSettings(db, { idleUnloadMinutes: -1, offline: true })).rejects.toThrow();
    expect(await db.settings.get('settings')).toEqual(before);
    expect((await loadSettings(db)).offline).toBe(false);
  });

  it('remove trailing slashes and spaces from the host', async () => {
    const db = freshDb();
    expect((await saveSettings(db, { modelHost: 'http://127.0.0.1:8080///' })).modelHost).toBe('http://127.0.0.1:8080');
    expect((await loadSettings(db)).modelHost).toBe('http://127.0.0.1:8080');
    expect((await saveSettings(db, { modelHost: '  https://mirror.example/hub/  ' })).modelHost).toBe('https://mirror.example/hub');
    expect(((await db.settings.get('settings'))?.value as { modelHost: string }).modelHost).toBe('https://mirror.example/hub');
  });
});
