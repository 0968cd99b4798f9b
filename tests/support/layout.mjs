// Layout facts a student would see, read in the panel page: what sticks out of the panel's width,
// and where the Summarize button is at every change of the page (to see that it never moves).

/** @typedef {import('puppeteer-core').Page} Page */

/**
 * The visible elements of the panel that stick out of its width (left of 0 or right of the
 * viewport), and whether the page itself scrolls sideways. Elements inside a box that scrolls on
 * its own (overflow-x auto or hidden: a code block, the one-line page title) are the box's business.
 * @param {Page} panel @returns {Promise<string[]>}
 */
export function overflowing(panel) {
  return panel.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width)
      found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
    const clipped = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement)
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if ((r.left < -1 || r.right > width + 1) && !clipped(el))
        found.push(
          `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" at ${Math.round(r.left)}…${Math.round(r.right)}`,
        );
    }
    return found;
  });
}

/**
 * A script for addScriptToNewPages: in every panel page from its first moment, records the box of
 * the Summarize button (or the Stop that takes its place), with the model card's state, the run's
 * phase and whether a download bar shows, at every change of the page (a MutationObserver runs
 * before the browser paints the change). Read with `layoutLog`.
 */
export const RECORD_RUN_BUTTON = `(() => {
  if (!location.pathname.endsWith('/sidepanel.html')) return;
  const log = (window.__layout = []);
  const record = () => {
    const button = document.querySelector('button.run-button');
    if (!button) return;
    const card = document.querySelector('.model-card');
    const state = !card ? 'none' : !card.hasAttribute('data-cached') ? 'checking'
      : card.querySelector('.preparing') ? 'preparing'
      : card.getAttribute('data-download') === 'downloading' ? 'downloading' : 'ready';
    const r = button.getBoundingClientRect();
    const entry = {
      left: r.left, top: r.top, right: r.right, label: (button.textContent || '').trim(), card: state,
      phase: document.querySelector('.phase')?.getAttribute('data-phase') || '',
      bar: Boolean(document.querySelector('.download progress')),
    };
    const last = log[log.length - 1];
    if (!last || Object.keys(entry).some((k) => entry[k] !== last[k])) log.push(entry);
  };
  new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})();`;

/**
 * What RECORD_RUN_BUTTON saw in `panel`.
 * @param {Page} panel
 * @returns {Promise<Array<{ left: number, top: number, right: number, label: string, card: string, phase: string, bar: boolean }>>}
 */
export function layoutLog(panel) {
  return panel.evaluate(() => /** @type {any} */ (window).__layout ?? []);
}

/**
 * For each visible element matching `selector` (an answer's text): its language and direction, and
 * whether its lines end at the right edge of its box (each line's rightmost letter within 2 px of
 * the content's right edge), as text aligned right does.
 * @param {Page} panel @param {string} selector
 * @returns {Promise<Array<{ lang: string | null, direction: string, alignedRight: boolean, lines: number }>>}
 */
export function answerLayouts(panel, selector) {
  return panel.$$eval(selector, (els) =>
    els
      .filter((el) => /** @type {HTMLElement} */ (el).offsetParent !== null)
      .map((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const contentRight = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
        /** @type {Map<number, number>} */
        const lines = new Map();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) {
            const top = Math.round(r.top);
            lines.set(top, Math.max(lines.get(top) ?? -Infinity, r.right));
          }
        }
        const rights = [...lines.values()];
        return {
          lang: el.getAttribute('lang'),
          direction: style.direction,
          alignedRight: rights.length > 0 && rights.every((right) => Math.abs(right - contentRight) <= 2),
          lines: rights.length,
        };
      }),
  );
}
