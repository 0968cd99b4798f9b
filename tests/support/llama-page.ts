// The llama.cpp test page (tests/e2e/llama-page) opened in a fresh browser, cross-origin isolated and
// ready: the set-up the llama.cpp e2e files share. The page's console is kept (wllama logs
// llama.cpp's errors there) for a test to show when something fails.
import type { Page } from 'puppeteer-core';
import { serveLlamaPage } from '../e2e/llama-page/serve';
import { launchWithExtension } from './browser.mjs';
import { UI } from './deadlines.mjs';
import type { startPageServer } from './page-server.mjs';

export interface LlamaPageSession {
  session: Awaited<ReturnType<typeof launchWithExtension>>;
  page: Page;
  /** What the page logged, and its uncaught errors, in order. */
  consoleLines: string[];
}

/** Serves the page and `files` (URL path → file) from `pages`, starts a browser and opens the page in it. */
export async function openLlamaPage(
  pages: Awaited<ReturnType<typeof startPageServer>>,
  files: Record<string, string>,
): Promise<LlamaPageSession> {
  const address = await serveLlamaPage(pages, files);
  const session = await launchWithExtension();
  const page = await session.browser.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${String(error)}`));
  await page.goto(address);
  await page.waitForFunction(() => document.title === 'ready', { timeout: UI });
  // Without isolation wllama gets no threads: every figure the tests take would be of another setup.
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error(`the llama.cpp page at ${address} is not cross-origin isolated`);
  return { session, page, consoleLines };
}
