#!/usr/bin/env node
// `npm run lint:firefox`: Mozilla's add-on linter (`web-ext lint`) on the Firefox package exactly as
// it would be uploaded: the zip `wxt zip -b firefox` wrote, unpacked into a temporary folder (web-ext
// lints folders only). Any error fails; warnings are printed (the bundled libraries' Function()/
// innerHTML uses that AMO asks reviewers to look at).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { repoRoot } from '../tests/support/shared-data.mjs';

const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const zipFile = path.join(repoRoot, '.output', `${name}-${version}-firefox.zip`);
if (!existsSync(zipFile)) {
  console.error(`No Firefox package at ${zipFile}: run "npm run zip:firefox" first.`);
  process.exit(1);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'locus-firefox-zip-'));
try {
  const zip = await JSZip.loadAsync(readFileSync(zipFile));
  for (const entry of Object.values(zip.files)) {
    const to = path.join(dir, entry.name);
    if (!to.startsWith(dir + path.sep)) throw new Error(`${zipFile} holds a path outside its folder: ${entry.name}`);
    if (entry.dir) mkdirSync(to, { recursive: true });
    else {
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, await entry.async('nodebuffer'));
    }
  }
  const webExt = path.join(repoRoot, 'node_modules', '.bin', 'web-ext');
  const run = spawnSync(webExt, ['lint', '--source-dir', dir, '--no-input', '--no-config-discovery', '--boring'], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
