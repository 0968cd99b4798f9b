// @vitest-environment jsdom
/**
 * Math in answers: $…$, $$…$$, \(…\), \[…\] become MathML (KaTeX, bundled), prices stay text, and
 * math cannot smuggle links, scripts or styles past the sanitizer.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../lib/render/markdown';

function rendered(markdown: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = renderMarkdown(markdown);
  return root;
}

describe('math in Markdown', () => {
  it('renders inline and display math as MathML, with the TeX kept as its annotation', () => {
    const root = rendered(
      'Free fall: $d = \\frac{1}{2} g t^2$, so\n\n$$t = \\sqrt{\\frac{2d}{g}}$$\n\nand \\(v = gt\\) and\n\n\\[E = mc^2\\]',
    );
    const maths = root.querySelectorAll('math');
    expect(maths).toHaveLength(4);
    expect(root.querySelector('mfrac')).not.toBeNull();
    expect(root.querySelector('msqrt')).not.toBeNull();
    expect([...maths].map((m) => m.getAttribute('display'))).toEqual([null, 'block', null, 'block']);
    expect(root.querySelector('annotation')?.textContent).toBe('d = \\frac{1}{2} g t^2');
    expect(root.textContent).toContain('Free fall:');
  });

  it('renders $$…$$ inside a line (a list item) as display math', () => {
    const root = rendered('- the time: $$t = \\sqrt{\\frac{2d}{g}}$$ seconds');
    expect(root.querySelectorAll('li math')).toHaveLength(1);
    expect(root.querySelector('li')!.textContent).not.toContain('$');
  });

  it('leaves prices and lone dollars alone', () => {
    const root = rendered('The book costs $5 and the lab kit $10. Bring $ signs.');
    expect(root.querySelector('math')).toBeNull();
    expect(root.textContent?.trim()).toBe('The book costs $5 and the lab kit $10. Bring $ signs.');
  });

  it('keeps code as code', () => {
    const root = rendered('Use `$x$` literally:\n\n```\n$$not math$$\n```');
    expect(root.querySelector('math')).toBeNull();
    expect(root.querySelector('code')?.textContent).toBe('$x$');
  });

  it('cannot link, load, style or run anything', () => {
    const root = rendered(
      '$\\href{javascript:alert(1)}{click}$ and $\\url{https://evil.example}$ and $\\htmlStyle{color:red}{x}$ and $$\\includegraphics{https://evil.example/x.png}$$',
    );
    expect(root.querySelectorAll('a, img, script, [href], [style], [src], [onclick]')).toHaveLength(0);
    // The TeX source stays as the (never displayed) annotation text; no attribute carries it.
    for (const el of root.querySelectorAll('*')) for (const a of el.attributes) expect(a.value).not.toMatch(/javascript:|https?:/);
  });

  it('shows what KaTeX cannot parse as text', () => {
    const root = rendered('Broken: $\\frac{1}{$ end');
    expect(root.textContent).toContain('\\frac{1}{');
  });
});
