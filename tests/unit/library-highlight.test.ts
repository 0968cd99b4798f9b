/**
 * The content-script side of a citation (lib/library/highlight-passage.ts), on documents parsed by
 * jsdom: the saved passage (with its '#' and '- ' markers) is found on the live page word for word
 * or, when the page changed, by its word trigrams; gone passages are reported, never guessed; only
 * citation requests are answered.
 */
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { answerCitationRequest, highlightPassage } from '../../lib/library/highlight-passage';

function page(body: string): Document {
  return new JSDOM(`<!doctype html><html><body>${body}</body></html>`, {
    url: 'https://ocw.example/p',
    virtualConsole: new VirtualConsole(),
  }).window.document;
}

const PASSAGE =
  '## Field trip\n\nThe story we tell is how supercontinents assemble and break apart.\n\n- It is also how oceans open and close.';

describe('highlightPassage', () => {
  it('finds a passage saved with heading and list markers on the unchanged page', () => {
    const doc = page(
      '<nav>Home</nav><h2>Field trip</h2><p>The story we tell is how <em>supercontinents</em> assemble and break apart.</p><ul><li>It is also how oceans open and close.</li></ul>',
    );
    const found = highlightPassage(doc, PASSAGE);
    expect(found.found).toBe(true);
    expect(found.similarity).toBeGreaterThan(0.9);
  });

  it('finds a passage on a page that changed a little, and reports one that is gone', () => {
    const changed = page(
      '<h2>Field trip (2024)</h2><p>The story we now tell is how supercontinents assemble and break apart again.</p><p>It is also how oceans open and close.</p>',
    );
    const found = highlightPassage(changed, PASSAGE);
    expect(found).toMatchObject({ found: true, exact: false });
    expect(found.similarity).toBeGreaterThanOrEqual(0.5);
    const gone = page('<h2>Field trip</h2><p>This year the trip visits the coast to study erosion and tides.</p>');
    expect(highlightPassage(gone, PASSAGE)).toEqual({ found: false, exact: false, similarity: 0 });
  });

  it('ignores scripts and hidden text, and answers only citation requests', async () => {
    const doc = page(
      '<script>var s = "supercontinents assemble and break apart";</script><p hidden>The story we tell is how supercontinents assemble and break apart.</p><p>Nothing here.</p>',
    );
    expect(highlightPassage(doc, PASSAGE).found).toBe(false);
    expect(answerCitationRequest({ type: 'capture.page' }, doc)).toBeUndefined();
    expect(
      await answerCitationRequest(
        { type: 'citation.highlight', passage: PASSAGE },
        page('<p>The story we tell is how supercontinents assemble and break apart. It is also how oceans open and close.</p>'),
      ),
    ).toMatchObject({ ok: true, value: { found: true } });
  });
});
