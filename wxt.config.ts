import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type UserManifest } from 'wxt';
import { patchedTesseractWorker } from './scripts/tesseract-worker.mjs';
import { TESSERACT_WORKER_REMOTE_DEFAULTS, noRemoteCode, withoutRemoteCodeDefaults } from './scripts/vite-no-remote-code.mjs';
import { DEFAULT_LIBS_DATA, readLibraryData, verifyLibraryFolder } from './scripts/webllm-libs.mjs';
import { ORT_BUILD_FILES } from './lib/engines/ort-build';

// The onnxruntime-web that transformers.js itself resolves (its main entry lives in dist/).
const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
const ortDist = path.dirname(fromTransformers.resolve('onnxruntime-web'));

/** llama.cpp compiled to WebAssembly (wllama): its single .wasm (multi-thread capable) ships in the package. */
const wllamaWasm = path.join(path.dirname(createRequire(import.meta.url).resolve('@wllama/wllama/package.json')), 'esm/wasm/wllama.wasm');

/** pdfjs-dist's folder (its cmaps/ and standard_fonts/ ship in the package). */
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * OCR (lib/ocr/): tesseract.js's worker script (patched, below), one core build (SIMD + LSTM only: every Chrome Locus
 * supports has WebAssembly SIMD), and the English language data. Nothing of it from a CDN.
 */
const fromHere = createRequire(import.meta.url);
const TESSERACT_FILES: Array<[string, string]> = [
  [
    path.join(path.dirname(fromHere.resolve('tesseract.js-core/package.json')), 'tesseract-core-simd-lstm.js'),
    'tesseract/tesseract-core-simd-lstm.js',
  ],
  [
    path.join(path.dirname(fromHere.resolve('tesseract.js-core/package.json')), 'tesseract-core-simd-lstm.wasm'),
    'tesseract/tesseract-core-simd-lstm.wasm',
  ],
  [
    path.join(path.dirname(fromHere.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int/eng.traineddata.gz'),
    'tesseract/eng.traineddata.gz',
  ],
];

/** ONNX Runtime's WASM builds the engine worker loads (lib/engines/ort-build.ts says which, when). */
const ORT_FILES = ORT_BUILD_FILES;

/** Extra catalog models for this build (see lib/catalog/catalog.ts): a JSON array of entries. */
function extraModels(): unknown[] {
  const file = process.env.LOCUS_CATALOG_EXTRA;
  if (!file) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`LOCUS_CATALOG_EXTRA (${file}) must hold a JSON array of catalog entries`);
  return parsed;
}

/**
 * web-llm model libraries to ship in the package (LOCUS_WEBLLM_LIBS=folder written by
 * scripts/fetch-webllm-libs.mjs): each must match its pinned size and SHA-256 in
 * models/webllm-libs.json (LOCUS_WEBLLM_LIBS_DATA names another data file, for tests), or the build
 * stops. None: the build offers no web-llm model.
 */
let verifiedLibraries: string[] | undefined;
function webllmLibraries(): string[] {
  const dir = process.env.LOCUS_WEBLLM_LIBS;
  if (!dir) return [];
  verifiedLibraries ??= verifyLibraryFolder(dir, readLibraryData(process.env.LOCUS_WEBLLM_LIBS_DATA ?? DEFAULT_LIBS_DATA));
  return verifiedLibraries;
}

// The manifest's words are messages (public/_locales): the browser shows them in its language.
const DESCRIPTION = '__MSG_manifest_description__';
const PERMISSIONS = ['storage', 'unlimitedStorage', 'tabs', 'scripting', 'contextMenus', 'alarms'];
// A cloud provider's origin is asked for at run time, on the student's click, for that origin
// only (lib/panel/cloud-state.ts). See README "Cloud, consent and privacy mode".
const OPTIONAL_ORIGINS = ['https://*/*', 'http://*/*'];
const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";
const SELECTION_COMMANDS = {
  'explain-selection': { suggested_key: { default: 'Alt+Shift+E' }, description: '__MSG_manifest_commandExplain__' },
  'hint-selection': { suggested_key: { default: 'Alt+Shift+H' }, description: '__MSG_manifest_commandHint__' },
  'define-selection': { description: '__MSG_manifest_commandDefine__' },
  'quiz-selection': { description: '__MSG_manifest_commandQuiz__' },
};

/** Chrome (MV3): side panel, offscreen document for the engine, cross-origin isolated pages. */
function chromeManifest(): UserManifest {
  return {
    name: 'Locus',
    description: DESCRIPTION,
    // public/_locales holds the panel's words (lib/i18n/t.ts); English when the browser's language has none.
    default_locale: 'en',
    // The public half of the extension's signing key: a stable extension id wherever it is loaded.
    key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuMomVQvHzLd0c7tVIgO6pAqwJQlhvdz7oUJkSsfJ38YNfTHGYY8UOVM1XR5mZVgWEDLeVT+Jkmoh7HJkSpNLIxko9lEpf9VGRV7+gp7aVbhq3oLecFgmDGFEY8s1gZ/CyprHa8oY28wAmmj4qR0GzPJlir7Yu/PySjHvrr7Kp/F4dmotoco/9AJCKFVUaqeZzY6wiFoxH9007vsz9S4MAGm4Fvbvsw3uCf+onOauExH3o6bCshnjEiLaY2+vKJ0mebhohyIQyv5OMBXBX3LGJpLRdwdEFz9fPHGBvmwX1jZy+cGzEWDVFfd54VSqMMsfsrBV9iS400DIlDLkwAEqewIDAQAB',
    minimum_chrome_version: '120',
    permissions: ['sidePanel', 'offscreen', ...PERMISSIONS],
    host_permissions: ['<all_urls>'],
    optional_host_permissions: OPTIONAL_ORIGINS,
    action: { default_title: 'Open Locus' },
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+L' }, description: '__MSG_manifest_commandPanel__' },
      // Chrome takes at most 4 suggested keys per extension: three here, the rest set by the student
      // at chrome://extensions/shortcuts.
      ...SELECTION_COMMANDS,
    },
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    // Cross-origin isolation gives the WASM runtime SharedArrayBuffer, hence several threads.
    cross_origin_embedder_policy: { value: 'require-corp' },
    cross_origin_opener_policy: { value: 'same-origin' },
  };
}

/** The add-on id: fixed, so storage and the moz-extension UUID pref (tests) follow it. */
export const FIREFOX_ADDON_ID = 'locus@locus-study.org';

/** Firefox's add-on settings; 140 is the first ESR that reads data_collection_permissions (Locus collects nothing). */
const GECKO: { id: string; strict_min_version: string; data_collection_permissions: { required: string[] } } = {
  id: FIREFOX_ADDON_ID,
  strict_min_version: '140.0',
  data_collection_permissions: { required: ['none'] },
};

/**
 * Firefox (MV2, what `wxt build -b firefox` makes): a persistent background page hosts the engine
 * (lib/platform/engine-document.ts), the panel is a sidebar (WXT writes `sidebar_action` from
 * entrypoints/sidepanel). No offscreen/sidePanel permissions, no COOP/COEP keys (Firefox does not
 * isolate extension pages: measured in README "Firefox"), no Chrome key.
 */
function firefoxManifest(): UserManifest {
  return {
    name: 'Locus',
    description: DESCRIPTION,
    // public/_locales holds the panel's words (lib/i18n/t.ts); English when the browser's language has none.
    default_locale: 'en',
    permissions: [...PERMISSIONS, '<all_urls>'],
    // WXT types the manifest after Chrome's; MV2 lists optional origins among optional permissions.
    optional_permissions: OPTIONAL_ORIGINS as NonNullable<UserManifest['optional_permissions']>,
    browser_action: { default_title: 'Open Locus' },
    commands: {
      _execute_sidebar_action: { suggested_key: { default: 'Alt+L' }, description: '__MSG_manifest_commandSidebar__' },
      ...SELECTION_COMMANDS,
    },
    // WXT writes it as MV2's single string.
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    browser_specific_settings: {
      gecko: GECKO as NonNullable<UserManifest['browser_specific_settings']>['gecko'],
      // Firefox for Android reads data_collection_permissions from 142 on (web-ext lint warns otherwise).
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  // A second output folder lets a benchmark build (with stand-in models) sit beside the normal one.
  outDir: process.env.LOCUS_OUT_DIR ?? '.output',
  imports: false,
  manifest: ({ browser }) => (browser === 'firefox' ? firefoxManifest() : chromeManifest()),
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      // Shipped inside the package: a store-listed extension may not load code from a CDN.
      for (const name of ORT_FILES) files.push({ absoluteSrc: path.join(ortDist, name), relativeDest: `ort/${name}` });
      files.push({ absoluteSrc: wllamaWasm, relativeDest: 'wllama/wllama.wasm' });
      // pdf.js's character maps and standard font data (read from the package, never from a CDN).
      for (const dir of ['cmaps', 'standard_fonts']) {
        for (const name of readdirSync(path.join(pdfjsRoot, dir)))
          files.push({ absoluteSrc: path.join(pdfjsRoot, dir, name), relativeDest: `pdfjs/${dir}/${name}` });
      }
      for (const [from, to] of TESSERACT_FILES) files.push({ absoluteSrc: from, relativeDest: to });
      // The worker script with one upstream bug fixed (see scripts/tesseract-worker.mjs).
      // …and its jsDelivr defaults rewritten to package paths (never used: Locus passes its own).
      files.push({
        contents: withoutRemoteCodeDefaults(patchedTesseractWorker(), TESSERACT_WORKER_REMOTE_DEFAULTS, 'tesseract.js/dist/worker.min.js'),
        relativeDest: 'tesseract/worker.min.js',
      });
      // A store-listed extension must ship the code it runs: web-llm's compiled model libraries
      // belong in the package when the build has them.
      for (const name of webllmLibraries())
        files.push({ absoluteSrc: path.join(process.env.LOCUS_WEBLLM_LIBS!, name), relativeDest: `webllm/${name}` });
    },
  },
  vite: (env) => ({
    plugins: [preact(), noRemoteCode()],
    // Workers are bundled with their own plugin list: the engine worker holds ONNX Runtime and web-llm.
    worker: { format: 'es', plugins: () => [noRemoteCode()] },
    define: {
      __LOCUS_BROWSER__: JSON.stringify(env.browser),
      __LOCUS_EXTRA_MODELS__: JSON.stringify(extraModels()),
      __LOCUS_WEBLLM_LIBS__: JSON.stringify(webllmLibraries()),
    },
  }),
});
