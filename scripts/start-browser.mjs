#!/usr/bin/env node
// `npm start`: builds Locus and starts Chromium with it loaded, in a profile kept between runs
// (so downloaded models stay cached). Options:
//   --demo        serve ../shared/models and its course pages from 127.0.0.1 and build Locus with
//                 that model host and the small stories260K test model (works with no internet)
//   --headless    no window: open a page, summarize it in the panel, print what the panel shows and
//                 save a screenshot (for machines without a display)
//   --fresh       start from an empty profile
//   --url URL     the page to open first
//   --firefox     build for Firefox (wxt build -b firefox) and start Firefox ESR with it, through
//                 web-ext run (a temporary add-on; the profile is kept between runs too)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumPath, extensionDir, launchWithExtension } from '../tests/support/browser.mjs';
import { firefoxExtensionDir, firefoxPath, launchFirefoxWithExtension, openFirefoxPanel } from '../tests/support/firefox.mjs';
import { startModelHost } from '../tests/support/model-host.mjs';
import { startPageServer } from '../tests/support/page-server.mjs';
import { clickSummarize, configureModels, openPanel, panelText, waitForPhase } from '../tests/support/panel.mjs';
import { repoRoot, sharedPath } from '../tests/support/shared-data.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const demo = flag('--demo');
const headless = flag('--headless');
const firefox = flag('--firefox');
const profile = path.join(os.homedir(), '.cache', 'locus', `${firefox ? 'firefox' : 'chromium'}-profile${demo ? '-demo' : ''}`);
if (flag('--fresh')) rmSync(profile, { recursive: true, force: true });
mkdirSync(profile, { recursive: true });

let modelHost;
let pages;
let startUrl = value('--url') ?? 'https://en.wikipedia.org/wiki/Photosynthesis';
const env = { ...process.env };
if (demo) {
  // Fixed ports so the model host baked into the demo build stays valid between runs.
  modelHost = await startModelHost({ roots: [sharedPath('models')], port: 47811 });
  pages = await startPageServer({
    coursePagesDir: sharedPath('data/course-pages'),
    readabilityPagesDir: sharedPath('data/pages'),
    port: 47812,
  });
  env.WXT_LOCUS_MODEL_HOST = modelHost.origin;
  env.WXT_LOCUS_CHAT_MODEL = 'stories260K';
  startUrl = value('--url') ?? `${pages.origin}/course/8-01sc-classical-mechanics-fall-2016/003-syllabus.html`;
  console.log(`Demo: model host ${modelHost.origin} (../shared/models), course pages at ${pages.origin}/course/<course>/<page>.html`);
}

console.log('Building the extension…');
const build = spawnSync('npx', ['wxt', 'build', ...(firefox ? ['-b', 'firefox'] : [])], { cwd: repoRoot, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`Built into ${firefox ? firefoxExtensionDir : extensionDir}`);

const stopServers = async () => {
  await modelHost?.stop();
  await pages?.stop();
};

if (headless) {
  // Firefox: a fresh profile each time (a temporary add-on is installed into it over WebDriver BiDi).
  // The check drives the panel by its English words, so this browser runs in English whatever
  // LANGUAGE says (a window opened without --headless follows LANGUAGE: \`LANGUAGE=vi npm start\`).
  const english = { env: { LANGUAGE: 'en' }, extraArgs: ['--lang=en'] };
  const session = firefox ? await launchFirefoxWithExtension() : await launchWithExtension({ userDataDir: profile, ...english });
  const study = await session.browser.newPage();
  await study.goto(startUrl, { waitUntil: 'domcontentloaded' });
  const panel = firefox ? await openFirefoxPanel(session, study) : await openPanel(session, study);
  if (demo) await configureModels(panel, { host: modelHost.origin, model: 'stories260K' });
  await clickSummarize(panel);
  const phase = await waitForPhase(panel, ['done', 'error'], 600_000);
  console.log(`\n── The Locus panel (${phase}) ──\n${await panelText(panel)}\n`);
  const shot = path.join(os.tmpdir(), 'locus-panel.png');
  await panel.setViewport({ width: 420, height: 900 });
  await panel.screenshot({ path: shot, fullPage: true });
  console.log(`Screenshot: ${shot}`);
  await session.close();
  await stopServers();
  process.exit(phase === 'done' ? 0 : 1);
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error(
    'No display found (DISPLAY is not set). Run with a desktop session, or use "npm start -- --headless" to check Locus without a window.',
  );
  await stopServers();
  process.exit(1);
}

if (firefox) {
  // web-ext run installs Locus as a temporary add-on and reloads it when the build changes.
  const run = spawn(
    path.join(repoRoot, 'node_modules', '.bin', 'web-ext'),
    [
      'run',
      '--source-dir',
      firefoxExtensionDir,
      '--firefox',
      firefoxPath(),
      '--firefox-profile',
      profile,
      '--profile-create-if-missing',
      '--keep-profile-changes',
      '--no-config-discovery',
      '--start-url',
      startUrl,
    ],
    { stdio: 'inherit' },
  );
  console.log(
    'Firefox is running with Locus. Click the Locus button in the toolbar (or press Alt+L) to open the sidebar. Close Firefox to stop.',
  );
  run.on('exit', async (code) => {
    await stopServers();
    process.exit(code ?? 0);
  });
} else {
  const chromium = spawn(
    chromiumPath(),
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-first-run',
      '--no-default-browser-check',
      startUrl,
    ],
    { stdio: 'inherit' },
  );
  console.log(
    'Chromium is running with Locus. Click the Locus icon in the toolbar (or press Alt+L) to open the side panel. Close the browser to stop.',
  );
  chromium.on('exit', async (code) => {
    await stopServers();
    process.exit(code ?? 0);
  });
}
