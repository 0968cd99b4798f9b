/**
 * The one IndexedDB database of Locus, through Dexie. Each schema change is a new `version()` with
 * its upgrade, never an edit of an old one: a student's saved data must survive every update.
 * It lives in the extension's origin, so web pages and content scripts cannot read it.
 */
import Dexie, { type Table } from 'dexie';

export interface SettingRow {
  key: string;
  value: unknown;
}

export class LocusDatabase extends Dexie {
  settings!: Table<SettingRow, string>;

  constructor(name = 'locus', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ settings: '&key' });
  }
}

let shared: LocusDatabase | undefined;

/** The database of this extension context (one connection per context). */
export function database(): LocusDatabase {
  shared ??= new LocusDatabase();
  return shared;
}
