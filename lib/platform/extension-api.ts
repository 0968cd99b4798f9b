/**
 * The one way Locus calls extension APIs: webextension-polyfill's promise-based `browser`.
 * What differs between Chrome and Firefox (the side panel or sidebar, the offscreen document or the
 * background page's frame) is reached through the other files of lib/platform/, and nowhere else.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs } from 'webextension-polyfill';
