/**
 * Which browser this build is for: wxt.config.ts defines `__LOCUS_BROWSER__` from `wxt build -b`,
 * so the other browser's branch (and what only it imports) is dropped from the bundle. In Node (unit
 * tests, evals) it is undefined and the Chrome paths are the ones that run.
 */
declare const __LOCUS_BROWSER__: unknown;

export const IS_FIREFOX: boolean = typeof __LOCUS_BROWSER__ !== 'undefined' && __LOCUS_BROWSER__ === 'firefox';

/**
 * The background's page: Chrome runs background.js as a service worker; Firefox (MV2) runs the same
 * script in a page it generates. Messages from the background carry this URL as their sender.
 */
export const BACKGROUND_PATH = IS_FIREFOX ? '/_generated_background_page.html' : '/background.js';
