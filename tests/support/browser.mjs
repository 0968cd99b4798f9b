// Starts Debian's Chromium with the built extension loaded, the way a student's browser runs it,
// and records every network request of every target (pages, service worker, offscreen document)
// through the DevTools protocol.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { repoRoot } from './shared-data.mjs';

export const extensionDir = path.join(repoRoot, '.output', 'chrome-mv3');

export function chromiumPath() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: install it (Debian: apt-get install -y chromium) or set CHROME_PATH.');
  return found;
}

/**
 * @param {{ webgpu?: boolean, headless?: boolean, userDataDir?: string, extraArgs?: string[], extension?: string }} [options]
 */
export async function launchWithExtension(options = {}) {
  const extension = options.extension ?? extensionDir;
  if (!existsSync(path.join(extension, 'manifest.json'))) {
    throw new Error(`No built extension at ${extension}: run "npm run build" first.`);
  }
  const ownProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(os.tmpdir(), 'locus-profile-'));
  const args = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    '--disable-features=Translate,OptimizationHints,MediaRouter',
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    ...(options.webgpu ? ['--enable-unsafe-webgpu'] : []),
    ...(options.extraArgs ?? []),
  ];
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    enableExtensions: true,
    userDataDir,
    args,
    protocolTimeout: 600_000,
  });
  const requests = new NetworkRecorder();
  await requests.attach(browser);
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'), {
    timeout: 30_000,
  });
  const extensionId = new URL(worker.url()).host;
  return {
    browser,
    extensionId,
    requests,
    userDataDir,
    panelUrl: `chrome-extension://${extensionId}/sidepanel.html`,
    async close() {
      await browser.close().catch(() => undefined);
      if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Every request of every target, as seen by the DevTools protocol's Network domain. */
export class NetworkRecorder {
  /** @type {Array<{ url: string, targetType: string, targetUrl: string, requestId?: string, method?: string, headers?: Record<string, string>, wireHeaders?: Record<string, string>, postData?: string }>} */
  entries = [];
  /** Wire headers that arrived before their request (matched by request id). */
  #extra = new Map();
  #attached = new WeakSet();
  /** @type {Map<import('puppeteer-core').Target, import('puppeteer-core').CDPSession>} */
  #sessions = new Map();

  /** @param {import('puppeteer-core').Browser} browser */
  async attach(browser) {
    const watch = async (target) => {
      if (this.#attached.has(target)) return;
      this.#attached.add(target);
      try {
        const session = await target.createCDPSession();
        this.#sessions.set(target, session);
        session.on('Network.requestWillBeSent', (event) => {
          this.entries.push({
            url: event.request.url,
            targetType: target.type(),
            targetUrl: target.url(),
            // What left with it (for tests that look for a secret in the traffic).
            requestId: event.requestId,
            method: event.request.method,
            headers: event.request.headers,
            postData: event.request.postData,
            ...(this.#extra.has(event.requestId) ? { wireHeaders: this.#extra.get(event.requestId) } : {}),
          });
          this.#extra.delete(event.requestId);
        });
        // The headers as sent on the wire (Authorization among them) arrive in a separate event.
        session.on('Network.requestWillBeSentExtraInfo', (event) => {
          const entry = this.entries.findLast((e) => e.requestId === event.requestId);
          if (entry) entry.wireHeaders = event.headers;
          else this.#extra.set(event.requestId, event.headers);
        });
        await session.send('Network.enable');
      } catch {
        // Targets that vanish while attaching (short-lived workers) have no requests left to see.
      }
    };
    browser.on('targetcreated', (t) => void watch(t));
    await Promise.all(browser.targets().map(watch));
  }

  /**
   * Stops recording a target. Needed before stopping the service worker from a test: Chromium
   * crashes when a worker stopped through DevTools wakes up with a second DevTools session on it.
   * @param {(target: import('puppeteer-core').Target) => boolean} which
   */
  async detach(which) {
    for (const [target, session] of this.#sessions) {
      if (!which(target)) continue;
      this.#sessions.delete(target);
      await session.detach().catch(() => undefined);
    }
  }

  /** Requests whose URL is neither 127.0.0.1 nor inside the browser/extension itself. */
  outside() {
    return this.entries.filter(({ url }) => {
      if (/^(chrome-extension|chrome|data|blob|about|devtools):/.test(url)) return false;
      try {
        return new URL(url).hostname !== '127.0.0.1';
      } catch {
        return true;
      }
    });
  }
}
