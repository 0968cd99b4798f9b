// @vitest-environment jsdom
/**
 * Model output rendered as HTML: Markdown structure kept, anything that could run, load or navigate
 * removed (a model can be steered by the page it read into writing any markup).
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../lib/render/markdown';

/** The rendered HTML as a DOM, to ask about elements rather than strings. */
function rendered(markdown: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = renderMarkdown(markdown);
  return root;
}

describe('renderMarkdown', () => {
  it('keeps headings, lists, emphasis, code and tables', () => {
    const root = rendered(
      [
        '## Photosynthesis',
        '',
        'Plants make **sugar** from *light*.',
        '',
        '- light',
        '- water',
        '',
        '1. first',
        '2. second',
        '',
        '```',
        'const x = 1 < 2;',
        '```',
        '',
        '| term | meaning |',
        '|---|---|',
        '| ATP | energy |',
      ].join('\n'),
    );
    expect(root.querySelector('h2')?.textContent).toBe('Photosynthesis');
    expect(root.querySelector('strong')?.textContent).toBe('sugar');
    expect(root.querySelector('em')?.textContent).toBe('light');
    expect([...root.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['light', 'water']);
    expect([...root.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['first', 'second']);
    expect(root.querySelector('pre > code')?.textContent).toBe('const x = 1 < 2;\n');
    expect(root.querySelector('table td')?.textContent).toBe('ATP');
    expect(root.querySelector('table th')?.textContent).toBe('term');
  });

  it('removes scripts, event handlers, links, images and frames', () => {
    const root = rendered(
      [
        'Intro <script>window.stolen = document.cookie</script>',
        '',
        '<img src="x" onerror="window.hacked = 1">',
        '',
        '[click me](javascript:alert(1)) and [a page](https://evil.example/?q=secret)',
        '',
        '![tracking pixel](https://evil.example/pixel.png)',
        '',
        '<iframe src="https://evil.example/"></iframe>',
        '',
        '<p onclick="alert(1)" style="background:url(https://evil.example/bg)">styled</p>',
        '',
        '<a href="https://evil.example">raw link</a> <form action="https://evil.example"><input name="q"></form>',
      ].join('\n'),
    );
    const html = root.innerHTML;
    for (const tag of ['script', 'img', 'a', 'iframe', 'form', 'input']) expect(root.querySelector(tag), tag).toBeNull();
    expect(root.querySelectorAll('[onerror], [onclick], [style], [href], [src]')).toHaveLength(0);
    expect(html).not.toMatch(/javascript:|evil\.example|onerror|window\./i);
    // The readable words survive as plain text.
    expect(root.textContent).toContain('click me');
    expect(root.textContent).toContain('a page');
    expect(root.textContent).toContain('raw link');
    expect(root.textContent).toContain('styled');
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });

  it('escapes HTML written as text inside code', () => {
    const root = rendered('`<script>alert(1)</script>`');
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('code')?.textContent).toBe('<script>alert(1)</script>');
  });
});
