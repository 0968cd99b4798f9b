// Waiting in Node for something the browser or a local server reports (the browser-side waits use
// puppeteer's waitForFunction/waitForSelector): the condition is checked again and again until it
// holds, or the deadline passes and the error says what never happened.

/**
 * @template T
 * @param {() => T | Promise<T>} condition returns a truthy value once the awaited state is reached
 * @param {{ timeoutMs: number, what: string | (() => string | Promise<string>), every?: number }} options
 * @returns {Promise<NonNullable<T>>} the truthy value
 */
export async function until(condition, { timeoutMs, what, every = 100 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return /** @type {NonNullable<T>} */ (value);
    if (Date.now() > deadline) {
      const said = typeof what === 'function' ? await what() : what;
      throw new Error(`waited ${Math.round(timeoutMs / 1000)} s: ${said}`);
    }
    await new Promise((r) => setTimeout(r, every));
  }
}
