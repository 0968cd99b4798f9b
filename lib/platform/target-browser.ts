/**
 * Which browser this build is for. WXT sets `import.meta.env.FIREFOX` at build time (`wxt build -b
 * firefox`), so the other browser's branch is dropped from the bundle; in Node (unit tests) it is
 * unset and the Chrome paths are the ones tested.
 */
export const IS_FIREFOX: boolean = import.meta.env?.FIREFOX === true;

/**
 * The background's page: Chrome runs background.js as a service worker; Firefox (MV2) runs the same
 * script in a page it generates. Messages from the background carry this URL as their sender.
 */
export const BACKGROUND_PATH = IS_FIREFOX ? '/_generated_background_page.html' : '/background.js';
