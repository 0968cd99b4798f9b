/**
 * Page capture on Mozilla Readability's own test pages: how much of the article text Locus keeps,
 * measured as token F1 against the text of Readability's expected article.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { domText } from '../../lib/capture/dom-text';
import { extractPage } from '../../lib/capture/extract';
import { MAX_CAPTURE_CHARS, type CapturedPage } from '../../lib/messaging/protocol';
import { repoRoot, sharedPath } from '../support/shared-data.mjs';

const PAGE_URL = 'http://fakehost/test/page.html';

/** A document as a browser would parse it; jsdom's CSS parser complaints are not ours to print. */
function parse(html: string, url = PAGE_URL): Document {
  return new JSDOM(html, { url, virtualConsole: new VirtualConsole() }).window.document;
}

function readabilityPages(): string[] {
  const root = sharedPath('data/pages');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function readPage(page: string, file: string): string {
  return readFileSync(path.join(sharedPath('data/pages'), page, file), 'utf8');
}

/** Lowercased runs of Unicode letters and numbers. */
function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Token F1 with multiset overlap; two empty texts agree perfectly. */
function tokenF1(got: string, want: string): { f1: number; precision: number; recall: number } {
  const a = tokens(got);
  const b = tokens(want);
  if (a.length === 0 && b.length === 0) return { f1: 1, precision: 1, recall: 1 };
  if (a.length === 0 || b.length === 0) return { f1: 0, precision: 0, recall: 0 };
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of a) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      overlap += 1;
      counts.set(t, left - 1);
    }
  }
  const precision = overlap / a.length;
  const recall = overlap / b.length;
  return { f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, precision, recall };
}

describe('token F1 (the measure itself)', () => {
  it('is 1 for the same words, 0 for disjoint ones, and counts repeats once each', () => {
    expect(tokenF1('The cat, the HAT.', 'the hat the cat').f1).toBe(1);
    expect(tokenF1('alpha beta', 'gamma delta').f1).toBe(0);
    // got: a a a b (4), want: a b (2); overlap 2 → P 0.5, R 1, F1 2/3
    expect(tokenF1('a a a b', 'a b').f1).toBeCloseTo(2 / 3, 10);
    expect(tokens('Ünïcode 42 señor—مرحبا')).toEqual(['ünïcode', '42', 'señor', 'مرحبا']);
  });
});

interface PageScore {
  page: string;
  f1: number;
  precision: number;
  recall: number;
  source: string;
  gotChars: number;
  wantChars: number;
}

interface PageRun {
  page: string;
  captured: CapturedPage;
  expectedText: string;
  meta: { dir?: string | null; lang?: string | null };
  /** All the visible text of the body: what a capture without Readability would give. */
  bodyText: string;
}

describe('capture on the Readability test pages', () => {
  // Each page is parsed and captured once (about 15 s for all of them); the tests below read the runs.
  let runs: PageRun[] = [];
  beforeAll(() => {
    runs = readabilityPages().map((page) => {
      const doc = parse(readPage(page, 'source.html'));
      return {
        page,
        captured: extractPage(doc),
        expectedText: domText(JSDOM.fragment(readPage(page, 'expected.html'))),
        meta: JSON.parse(readPage(page, 'expected-metadata.json')) as PageRun['meta'],
        bodyText: doc.body ? domText(doc.body, { skipHidden: true }) : '',
      };
    });
    // A generous deadline: on a machine shared with other builds this takes minutes, not seconds.
  }, 600_000);

  it('keeps the article text of every page (mean token F1)', () => {
    // 90 page folders (the 91st entry of the folder is SOURCE.md).
    expect(runs.length).toBeGreaterThanOrEqual(90);

    const scores: PageScore[] = [];
    for (const { page, captured, expectedText: want } of runs) {
      const { f1, precision, recall } = tokenF1(captured.text, want);
      scores.push({ page, f1, precision, recall, source: captured.source, gotChars: captured.text.length, wantChars: want.length });
    }

    const mean = scores.reduce((s, x) => s + x.f1, 0) / scores.length;
    // The same measure on the whole body text (menus, footers, comments and all) shows that it
    // tells a main-text capture from a page dump.
    const bodyMean = runs.reduce((s, r) => s + tokenF1(r.bodyText, r.expectedText).f1, 0) / runs.length;
    const sorted = [...scores].sort((a, b) => a.f1 - b.f1);
    const worst = sorted.slice(0, 10);
    const pct = (x: number) => x.toFixed(3);
    console.log(
      [
        `capture token F1 over ${scores.length} Readability test pages: mean ${pct(mean)}, median ${pct(sorted[Math.floor(sorted.length / 2)]!.f1)}` +
          ` (whole body text instead: mean ${pct(bodyMean)})`,
        'worst 10:',
        '  page                              F1     P      R      source       chars got/expected',
        ...worst.map(
          (s) =>
            `  ${s.page.padEnd(32)}  ${pct(s.f1)}  ${pct(s.precision)}  ${pct(s.recall)}  ${s.source.padEnd(11)}  ${s.gotChars}/${s.wantChars}`,
        ),
      ].join('\n'),
    );
    const reports = path.join(repoRoot, 'tests/unit/.reports');
    mkdirSync(reports, { recursive: true });
    writeFileSync(
      path.join(reports, 'capture-f1.json'),
      `${JSON.stringify({ pages: scores.length, meanF1: mean, bodyTextMeanF1: bodyMean, worst: worst.map((s) => ({ ...s })), all: scores }, null, 2)}\n`,
    );

    // Measured: mean 1.000 and every page 1.000. Locus runs the same Readability (0.6.0) that wrote
    // expected.html, and falls back to the body only on tiny fixtures whose body is the article, so
    // any loss here comes from Locus's own code (clone, inert re-parse, domText, fallback rule).
    // The bar leaves room for a jsdom or Readability update to move a few words on a few pages.
    expect(mean).toBeGreaterThanOrEqual(0.99);
    expect(sorted[0]!.f1, `worst page ${sorted[0]!.page}`).toBeGreaterThanOrEqual(0.95);
    expect(bodyMean).toBeLessThan(mean - 0.05);
  });

  it("reports the direction and language Readability's metadata expects", () => {
    let checkedDir = 0;
    let checkedLang = 0;
    for (const { page, captured, meta } of runs) {
      if (meta.dir) {
        expect(captured.dir, page).toBe(meta.dir);
        checkedDir += 1;
      }
      if (meta.lang) {
        expect(captured.lang, page).toBe(meta.lang);
        checkedLang += 1;
      }
    }
    expect(checkedDir).toBeGreaterThanOrEqual(9);
    expect(checkedLang).toBeGreaterThanOrEqual(30);
  });
});

describe('capture edge cases', () => {
  it('gives an empty body capture for a page without text', () => {
    for (const html of [
      '<!doctype html><html><head><title></title></head><body></body></html>',
      '<!doctype html><html><body><script>var words = "not text";</script><style>p { color: red }</style><img src="x.png"></body></html>',
    ]) {
      const captured = extractPage(parse(html));
      expect(captured).toMatchObject({ text: '', source: 'body', truncated: false, originalLength: 0, dir: 'ltr' });
      expect(captured.url).toBe(PAGE_URL);
      expect(captured.title).toBe(PAGE_URL); // no title: the URL names the page
    }
  });

  it.each(['rtl-1', 'rtl-2'])('reads %s as right-to-left', (page) => {
    const captured = extractPage(parse(readPage(page, 'source.html')));
    expect(captured.source).toBe('readability');
    expect(captured.dir).toBe('rtl');
  });

  it('guesses right-to-left from the script when the page declares no direction', () => {
    const paragraph = '<p>' + 'השמש זורחת בבוקר והתלמידים הולכים לבית הספר כדי ללמוד מתמטיקה והיסטוריה. '.repeat(6) + '</p>';
    const captured = extractPage(
      parse(`<html><head><title>שיעור</title></head><body><article>${paragraph.repeat(3)}</article></body></html>`),
    );
    expect(captured.dir).toBe('rtl');
    const latin = extractPage(
      parse(
        `<html><body><article>${('<p>' + 'Plain English sentences about the sun and the school day. '.repeat(6) + '</p>').repeat(3)}</article></body></html>`,
      ),
    );
    expect(latin.dir).toBe('ltr');
  });

  it('takes the language from <html lang>', () => {
    const article = (
      '<p>' +
      "Le cycle de l'eau décrit le mouvement continu de l'eau sur la Terre, entre océans, atmosphère et continents. ".repeat(4) +
      '</p>'
    ).repeat(4);
    const withLang = extractPage(
      parse(
        `<!doctype html><html lang="fr-CA"><head><title>L'eau</title></head><body><article><h1>L'eau</h1>${article}</article></body></html>`,
      ),
    );
    expect(withLang.source).toBe('readability');
    expect(withLang.lang).toBe('fr-CA');
    expect(withLang.title).toBe("L'eau");
    const without = extractPage(parse(`<!doctype html><html><body><article>${article}</article></body></html>`));
    expect(without.lang).toBe('');
  });

  it('skips hidden elements in the body fallback', () => {
    const html = `<!doctype html><html><body>
      <p>Visible first line.</p>
      <div hidden>SECRET-A hidden attribute</div>
      <p style="display: none">SECRET-B display none</p>
      <span aria-hidden="true">SECRET-C aria hidden</span>
      <div style="visibility:hidden">SECRET-D visibility hidden</div>
      <p>Visible second line.</p>
    </body></html>`;
    const captured = extractPage(parse(html));
    expect(captured.source).toBe('body');
    expect(captured.text).toContain('Visible first line.');
    expect(captured.text).toContain('Visible second line.');
    expect(captured.text).not.toMatch(/SECRET/);
  });

  it('captures a 10 MB page, cut to MAX_CAPTURE_CHARS and marked truncated', () => {
    const started = performance.now();
    const sentence = 'Photosynthesis turns light, water and carbon dioxide into sugar and oxygen in the leaf. ';
    const paragraph = `<p>${sentence.repeat(12)}</p>\n`;
    const count = Math.ceil(10_000_000 / paragraph.length);
    const html = `<!doctype html><html lang="en"><head><title>Big</title></head><body><article><h1>Big</h1>${paragraph.repeat(count)}<p>THE-LAST-PARAGRAPH</p></article></body></html>`;
    expect(html.length).toBeGreaterThanOrEqual(10_000_000);
    const captured = extractPage(parse(html));
    expect(captured.truncated).toBe(true);
    expect(captured.text.length).toBe(MAX_CAPTURE_CHARS);
    expect(captured.originalLength).toBeGreaterThan(MAX_CAPTURE_CHARS);
    expect(captured.source).toBe('readability');
    expect(captured.text.slice(0, 200)).toContain('Photosynthesis turns light');
    expect(captured.text).not.toContain('THE-LAST-PARAGRAPH'); // it was past the cut
    // Speed is reported, not asserted (benchmarks measure speed; tests check behaviour).
    console.log(`10 MB page captured in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000); // a deadline for a stuck capture, not a speed limit: speed is the benchmark's
});
