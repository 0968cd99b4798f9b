// Where ../shared lives, and a clear message when something from it is missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedRoot = path.resolve(process.env.LOCUS_SHARED ?? path.join(repoRoot, '../shared'));

/** Absolute path of `relative` inside ../shared; throws a message naming what is missing. */
export function sharedPath(relative) {
  const full = path.join(sharedRoot, relative);
  if (!existsSync(full)) {
    throw new Error(
      `Missing ${full}. Locus's tests, benchmarks and evaluations read models and data from ../shared ` +
        `(set LOCUS_SHARED to use another folder). Needed here: ${relative}.`,
    );
  }
  return full;
}

export function hasShared(relative) {
  return existsSync(path.join(sharedRoot, relative));
}
