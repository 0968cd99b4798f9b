// The built package contains every executable it runs, and names no code elsewhere: its WebAssembly
// files are listed (ONNX Runtime's, tesseract's OCR core, and web-llm model libraries only when the build ships checked
// ones), and no script, page or manifest of the package holds the address of code on another host
// (a .wasm/.js/.mjs URL on any http(s) host, or any address on a code CDN). A store-listed MV3
// extension may not run code it did not ship (Chrome Web Store: "remotely hosted code", Wasm
// included). Reads the build in .output/chrome-mv3 (npm run build first).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { extensionDir } from '../support/browser.mjs';
import { DEFAULT_LIBS_DATA, readLibraryData, sha256Hex } from '../../scripts/webllm-libs.mjs';

const require = createRequire(import.meta.url);
const TESSERACT_CORE = 'tesseract/tesseract-core-simd-lstm.wasm';
const WLLAMA_WASM = 'wllama/wllama.wasm';

const CODE_CDNS = [
  'cdn.jsdelivr.net',
  'fastly.jsdelivr.net',
  'gcore.jsdelivr.net',
  'unpkg.com',
  'raw.githubusercontent.com',
  'media.githubusercontent.com',
  'esm.sh',
  'esm.run',
  'cdnjs.cloudflare.com',
  'cdn.skypack.dev',
  'ga.jspm.io',
  'jspm.dev',
  'raw.githack.com',
  'rawcdn.githack.com',
  'cdn.statically.io',
  'ajax.googleapis.com',
  'code.jquery.com',
  'gitcdn.link',
];

/** http(s) and protocol-relative addresses in a text (template-literal holes kept as they are). */
const URLS = /(?:https?:)?\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[^\s"'`<>)\\]*)?/g;

/** Why `url` is the address of remote code, or null. */
export function remoteCode(url: string): string | null {
  const m = /^(?:https?:)?\/\/([A-Za-z0-9.-]+)(?::\d+)?(\/[^?#]*)?/.exec(url);
  if (!m) return null;
  const host = m[1]!.toLowerCase();
  if (!host.includes('.') || host === 'www.w3.org') return null; // "//" inside code and XML namespaces
  if (CODE_CDNS.some((cdn) => host === cdn || host.endsWith(`.${cdn}`))) return `a code CDN (${host})`;
  if (/\.(wasm|m?js|cjs)$/i.test(m[2] ?? '')) return `code at ${host}`;
  return null;
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('the built package', () => {
  const files = existsSync(path.join(extensionDir, 'manifest.json')) ? filesOf(extensionDir) : [];

  test('is built', () => {
    expect(files, `no build in ${extensionDir}: run npm run build`).toContain('manifest.json');
  });

  test('ships the WebAssembly it runs: ONNX Runtime, the OCR core, llama.cpp, and web-llm libraries only when checked against models/webllm-libs.json', () => {
    const wasm = files.filter((f) => f.endsWith('.wasm')).sort();
    expect(wasm).toContain('ort/ort-wasm-simd-threaded.asyncify.wasm');
    // The plain build, for devices with no WebGPU adapter (lib/engines/ort-build.ts).
    expect(wasm).toContain('ort/ort-wasm-simd-threaded.wasm');
    // tesseract.js's core (OCR), the very bytes of the installed tesseract.js-core.
    expect(wasm).toContain(TESSERACT_CORE);
    const installedCore = path.join(path.dirname(require.resolve('tesseract.js-core/package.json')), path.basename(TESSERACT_CORE));
    expect(sha256Hex(readFileSync(path.join(extensionDir, TESSERACT_CORE)))).toBe(sha256Hex(readFileSync(installedCore)));
    // llama.cpp (wllama), the very bytes of the installed @wllama/wllama.
    expect(wasm).toContain(WLLAMA_WASM);
    const installedWllama = path.join(path.dirname(require.resolve('@wllama/wllama/package.json')), 'esm/wasm/wllama.wasm');
    expect(sha256Hex(readFileSync(path.join(extensionDir, WLLAMA_WASM)))).toBe(sha256Hex(readFileSync(installedWllama)));
    const data = readLibraryData(DEFAULT_LIBS_DATA);
    const known = ['ort/ort-wasm-simd-threaded.asyncify.wasm', 'ort/ort-wasm-simd-threaded.wasm', TESSERACT_CORE, WLLAMA_WASM];
    for (const file of wasm.filter((f) => !known.includes(f))) {
      expect(file, 'only web-llm model libraries besides ONNX Runtime, the OCR core and llama.cpp').toMatch(/^webllm\/[\w.-]+\.wasm$/);
      const entry = data.libraries.find((l) => `webllm/${l.file}` === file);
      expect(entry?.sha256, file).toMatch(/^[0-9a-f]{64}$/);
      expect(sha256Hex(readFileSync(path.join(extensionDir, file))), file).toBe(entry!.sha256);
    }
    // The manifest allows no code from elsewhere.
    const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
    expect(manifest.content_security_policy.extension_pages).toBe("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  });

  test('names no code on another host in any script, page or manifest', () => {
    const scanned = files.filter((f) => /\.(m?js|html|json)$/.test(f) && statSync(path.join(extensionDir, f)).size > 0);
    expect(scanned.filter((f) => /\.m?js$/.test(f)).length).toBeGreaterThan(5);
    const found: string[] = [];
    for (const file of scanned) {
      const text = readFileSync(path.join(extensionDir, file), 'utf8');
      for (const url of text.match(URLS) ?? []) {
        const why = remoteCode(url);
        if (why) found.push(`${file}: ${url.slice(0, 120)} (${why})`);
      }
    }
    expect(found).toEqual([]);
  });

  test('the scan would see what it looks for', () => {
    const sample = [
      'const p = `https://cdn.jsdelivr.net/npm/onnxruntime-web@${v}/dist/`;',
      'import("https://example.com/lib/app.mjs")',
      'fetch("//unpkg.com/x")',
      'const lib = "https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/";',
      'model_lib: "https://models.example.org/x-webgpu.wasm?download=1"',
      // Not code: data, documentation, package-relative paths, data URLs.
      '"https://huggingface.co/mlc-ai/X-MLC"',
      '"https://developer.chrome.com/docs/ai/prompt-api"',
      '"/ort/ort-wasm-simd-threaded.asyncify.wasm"',
      '"data:application/wasm;base64,AGFzbQ=="',
      'xmlns="http://www.w3.org/2000/svg"',
    ].join('\n');
    const flagged = (sample.match(URLS) ?? []).filter((u) => remoteCode(u));
    expect(flagged).toEqual([
      'https://cdn.jsdelivr.net/npm/onnxruntime-web@${v}/dist/',
      'https://example.com/lib/app.mjs',
      '//unpkg.com/x',
      'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/',
      'https://models.example.org/x-webgpu.wasm?download=1',
    ]);
  });
});
