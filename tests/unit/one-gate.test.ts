/**
 * One network gate: no code of the product reaches the network except through
 * lib/privacy/network-gate.ts. A source scan, so a new `fetch` in the panel, the background or a
 * content script fails here before it can leak anything; the end-to-end tests check the traffic.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const GATE = 'lib/privacy/network-gate.ts';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) out.push(rel);
  }
  return out;
}

const files = ['lib', 'components', 'entrypoints'].flatMap(sources);

/** Source without comments (a comment may talk about fetch). */
function code(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('one network gate', () => {
  it('is the only caller of fetch; everything else calls gate.fetch', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      if (file === GATE) continue;
      const text = code(file);
      for (const m of text.matchAll(/(?<![\w.])fetch\s*\(|globalThis\.fetch|self\.fetch|window\.fetch/g))
        offenders.push(`${file}: ${m[0]}`);
      for (const m of text.matchAll(/\.fetch\s*\(/g)) {
        const before = text.slice(Math.max(0, m.index - 20), m.index);
        if (!/gate$/.test(before.trim())) offenders.push(`${file}: …${before}${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no other way out: XMLHttpRequest, WebSocket, EventSource, sendBeacon, remote imports', () => {
    /** Known uses that are not the network, each with its reason (checked below). */
    const allowed = new Set(['lib/pdf/offscreen-pdf-service.ts: new XMLHttpRequest']);
    const offenders: string[] = [];
    for (const file of files) {
      const text = code(file);
      for (const m of text.matchAll(
        /new\s+(XMLHttpRequest|WebSocket|EventSource|WebTransport|RTCPeerConnection)\b|sendBeacon\s*\(|import\s*\(\s*['"`]https?:/g,
      )) {
        const found = `${file}: ${m[0]}`;
        if (!allowed.has(found)) offenders.push(found);
      }
    }
    expect(offenders).toEqual([]);
    // The PDF reader's XMLHttpRequest reads file:// URLs only (fetch cannot); every other URL goes
    // through the gate as a 'page-fetch', with the background's grant for the tab.
    const pdf = code('lib/pdf/offscreen-pdf-service.ts');
    expect(pdf).toMatch(/if \(url\.startsWith\('file:'\)\) return new Uint8Array\(await deps\.readLocalFile\(url\)\);/);
    expect(pdf).toMatch(/deps\.gate\.fetch\(url, [^)]*'page-fetch', \{ grant \}\)/);
  });

  it('the cloud engine is reached only with the cloud purpose and a consent', () => {
    const engine = code('lib/cloud/cloud-engine.ts');
    expect(engine).toMatch(/this\.gate\.fetch\(url, \{ method: 'POST', headers, body, signal \}, 'cloud', \{ consent \}\)/);
    // The panel never holds a provider key in a message: nothing in lib/panel or components reads apiKey except to write it.
    for (const file of files.filter(
      (f) => f.startsWith('lib/panel/') || f.startsWith('components/') || f.startsWith('entrypoints/content'),
    )) {
      expect(code(file), file).not.toMatch(/sendMessage\([^)]*apiKey/);
    }
  });
});
