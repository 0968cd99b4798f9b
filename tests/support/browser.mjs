// Starts Debian's Chromium with the built extension installed, the way a student's browser runs it,
// and records every network request of every target (pages, frames, the service worker, the
// offscreen document, workers and the workers they start) through the DevTools protocol, from the
// first instruction each of them runs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { CDPSessionEvent } from 'puppeteer-core';
import { BROWSER_START, UI } from './deadlines.mjs';
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
 * The id Chromium gives an extension whose manifest carries a `key`: the first 128 bits of the
 * SHA-256 of the key (DER bytes), written with the letters a–p for 0–f.
 * @param {string} base64Key
 */
export function extensionIdFromKey(base64Key) {
  const hex = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

/** Writes `values` into the profile's preferences (Default/Preferences) before Chromium reads them. */
function seedPreferences(userDataDir, values) {
  const file = path.join(userDataDir, 'Default', 'Preferences');
  mkdirSync(path.dirname(file), { recursive: true });
  const merge = (into, from) => {
    for (const [k, v] of Object.entries(from)) {
      into[k] = v && typeof v === 'object' && !Array.isArray(v) ? merge(into[k] && typeof into[k] === 'object' ? into[k] : {}, v) : v;
    }
    return into;
  };
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(file, JSON.stringify(merge(current, values)));
}

/**
 * Starts Chromium, attaches the traffic recorder, then installs the extension (so the recorder sees
 * its service worker from its first instruction on).
 * @param {{ webgpu?: boolean, headless?: boolean, userDataDir?: string, extraArgs?: string[], extension?: string, fileAccess?: boolean, env?: Record<string, string> }} [options]
 *   env: added to the browser's environment (LANGUAGE sets Chromium's interface language on Linux).
 *   userDataDir: a profile kept between runs (npm start), which may hold Locus already: it is then
 *   loaded with --load-extension as before, and the recorder starts after the extension (installing
 *   it again through the DevTools protocol into a profile that has it loads it twice).
 *   fileAccess: Locus's "Allow access to file URLs" switch, written into the profile's preferences
 *   before the browser starts (where chrome://extensions keeps it). Unset: Chromium's default for an
 *   unpacked extension (on).
 */
export async function launchWithExtension(options = {}) {
  const extension = options.extension ?? extensionDir;
  const manifestFile = path.join(extension, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`No built extension at ${extension}: run "npm run build" first.`);
  }
  const { key } = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const expectedId = typeof key === 'string' ? extensionIdFromKey(key) : undefined;
  const ownProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(os.tmpdir(), 'locus-profile-'));
  if (options.fileAccess !== undefined) {
    if (!expectedId) throw new Error(`${manifestFile} has no "key": its extension id cannot be known before it is installed.`);
    seedPreferences(userDataDir, { extensions: { settings: { [expectedId]: { newAllowFileAccess: options.fileAccess } } } });
  }
  const args = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    '--disable-features=Translate,OptimizationHints,MediaRouter',
    ...(options.webgpu ? ['--enable-unsafe-webgpu'] : []),
    ...(options.extraArgs ?? []),
  ];
  // In a fresh profile the extension is installed through the DevTools protocol
  // (Extensions.loadUnpacked, which needs the pipe and enableExtensions), not with --load-extension:
  // that way the recorder is attached before the extension's first target starts. (No
  // --disable-extensions-except with it: Chromium 156 then loaded Locus a second time, and the
  // first service worker lost its context menus.)
  const viaDevTools = ownProfile;
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    enableExtensions: true,
    pipe: viaDevTools,
    userDataDir,
    args: viaDevTools ? args : [...args, `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
    timeout: BROWSER_START,
    protocolTimeout: 600_000,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  try {
    // Every page a test opens waits for what it looks for as long as a loaded machine may need.
    const newPage = browser.newPage.bind(browser);
    browser.newPage = async (...rest) => {
      const page = await newPage(...rest);
      page.setDefaultTimeout(UI);
      return page;
    };
    const requests = new NetworkRecorder();
    await requests.attach(browser);
    const installed = viaDevTools ? await browser.installExtension(extension) : undefined;
    const worker = await browser.waitForTarget(
      (t) =>
        t.type() === 'service_worker' &&
        (installed ? t.url() === `chrome-extension://${installed}/background.js` : t.url().endsWith('/background.js')),
      { timeout: BROWSER_START },
    );
    const extensionId = new URL(worker.url()).host;
    if (expectedId && extensionId !== expectedId) throw new Error(`Locus runs as ${extensionId}, not ${expectedId} (its manifest key)`);
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
  } catch (error) {
    await browser.close().catch(() => undefined);
    if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * @typedef {{ url: string, targetType: string, targetUrl: string, requestId?: string, method?: string, headers?: Record<string, string>, wireHeaders?: Record<string, string>, postData?: string }} RecordedRequest
 * @typedef {{ targetId: string, type: string, url: string }} TargetInfo
 */

/**
 * Every request of every target, as seen by the DevTools protocol's Network domain.
 *
 * The recorder is a DevTools client of its own (a session on the browser target, beside puppeteer's)
 * that auto-attaches to every target with waitForDebuggerOnStart: Chromium holds each new target
 * before its first instruction until every client that asked for that has let it go, so the
 * recorder enables Network on it and asks to auto-attach to ITS children the same way (a dedicated
 * worker is a child of its page or worker, a frame of its page) before it lets it run
 * (Runtime.runIfWaitingForDebugger). No request of a short-lived worker can go by unseen, as it
 * could when Network was enabled after puppeteer reported the target.
 */
export class NetworkRecorder {
  /** @type {RecordedRequest[]} */
  entries = [];
  /** Wire headers that arrived before their request (matched by request id). */
  #extra = new Map();
  /** @type {import('puppeteer-core').CDPSession | undefined} */
  #root;
  /** The latest known type and URL of each target. @type {Map<string, TargetInfo>} */
  #targets = new Map();
  /** @type {Map<string, { session: import('puppeteer-core').CDPSession, parent: import('puppeteer-core').CDPSession, targetId: string }>} */
  #sessions = new Map();
  /** Targets the recorder could not watch although they kept running. @type {Array<TargetInfo & { error: string }>} */
  #blind = [];
  /** Scripts run in every new document before its own code (see addScriptToNewPages). @type {string[]} */
  #pageScripts = [];

  /**
   * Runs `source` at the start of every document loaded from now on, before the document's own code:
   * in targets that exist (their next document) and in new ones (the recorder holds each new target
   * until it is set up), so a test can watch a page that starts working the moment it opens (Chrome's
   * side panel opened by a click) without missing its start. (Chromium runs such scripts only where
   * the Page domain is enabled.)
   * @param {string} source
   */
  async addScriptToNewPages(source) {
    this.#pageScripts.push(source);
    const add = [...this.#sessions.values()]
      .filter(({ targetId }) => !/worker/.test(this.#info(targetId).type))
      .map(({ session }) => NetworkRecorder.#addScripts(session, [source]));
    await Promise.all(add);
  }

  /** @param {import('puppeteer-core').CDPSession} session @param {string[]} sources */
  static #addScripts(session, sources) {
    if (sources.length === 0) return Promise.resolve();
    return Promise.all([
      session.send('Page.enable'),
      ...sources.map((source) => session.send('Page.addScriptToEvaluateOnNewDocument', { source })),
    ]).catch(() => undefined);
  }

  /** @param {import('puppeteer-core').Browser} browser */
  async attach(browser) {
    const root = await browser.target().createCDPSession();
    this.#root = root;
    const remember = ({ targetInfo }) => this.#targets.set(targetInfo.targetId, targetInfo);
    root.on('Target.targetCreated', remember);
    root.on('Target.targetInfoChanged', remember);
    await root.send('Target.setDiscoverTargets', { discover: true });
    this.#watchChildren(root);
    // Attaches to the targets that exist already too (they are running: nothing to hold).
    await root.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  }

  /** @param {import('puppeteer-core').CDPSession} parent */
  #watchChildren(parent) {
    parent.on('Target.attachedToTarget', (event) => void this.#onAttached(parent, event));
  }

  async #onAttached(parent, { sessionId, targetInfo }) {
    const session = this.#root?.connection()?.session(sessionId);
    if (!session) return;
    const { targetId } = targetInfo;
    if (!this.#targets.has(targetId)) this.#targets.set(targetId, targetInfo);
    const resume = () => session.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
    let gone = false;
    session.once(CDPSessionEvent.Disconnected, () => {
      gone = true;
      this.#sessions.delete(sessionId);
    });
    this.#sessions.set(sessionId, { session, parent, targetId });
    session.on('Network.requestWillBeSent', (event) => {
      const target = this.#info(targetId);
      this.entries.push({
        url: event.request.url,
        targetType: target.type,
        targetUrl: target.url,
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
    this.#watchChildren(session);
    // Sent together, in this order, and handled in order: Network is on and the children are watched
    // before the target runs. (Waiting for the first two before resuming would hang on a new service
    // worker, which answers only once it runs.) Service and shared workers are attached at the
    // browser level only, so that they are recorded once and outlive the page that started them.
    const scripts = /worker/.test(targetInfo.type) ? [] : this.#pageScripts;
    const [network, children] = await Promise.allSettled([
      session.send('Network.enable'),
      session.send('Target.setAutoAttach', {
        autoAttach: true,
        waitForDebuggerOnStart: true,
        flatten: true,
        filter: [{ type: 'service_worker', exclude: true }, { type: 'shared_worker', exclude: true }, {}],
      }),
      NetworkRecorder.#addScripts(session, scripts),
      resume(),
    ]);
    const failed = [network, children].find((r) => r.status === 'rejected');
    if (failed) {
      // A target that closed meanwhile has nothing left to send; one that runs on unwatched is reported.
      await new Promise((r) => setImmediate(r));
      if (!gone) this.#blind.push({ ...this.#info(targetId), error: String(/** @type {PromiseRejectedResult} */ (failed).reason) });
    }
  }

  /** @returns {TargetInfo} */
  #info(targetId) {
    const t = this.#targets.get(targetId);
    return { targetId, type: t?.type ?? 'unknown', url: t?.url ?? '' };
  }

  /**
   * Stops recording the targets `which` picks as they run now; when one starts again (a service
   * worker woken up), it is recorded again from its first instruction. Needed before stopping the
   * service worker from a test: a DevTools session kept on a service worker across a stop makes it
   * hang when it is woken up (seen: the panel then waits forever for the worker's answer).
   * @param {(target: TargetInfo) => boolean} which
   */
  async detach(which) {
    for (const [sessionId, { parent, targetId }] of this.#sessions) {
      if (!which(this.#info(targetId))) continue;
      this.#sessions.delete(sessionId);
      await parent.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    }
  }

  /**
   * Requests whose URL is neither 127.0.0.1 nor inside the browser/extension itself; a target the
   * recorder could not watch is listed too (as "unrecorded …"), since nothing can be said of its traffic.
   * @returns {RecordedRequest[]}
   */
  outside() {
    const unseen = this.#blind.map((t) => ({ url: `unrecorded ${t.type} target (${t.error})`, targetType: t.type, targetUrl: t.url }));
    return [
      ...unseen,
      ...this.entries.filter(({ url }) => {
        if (/^(chrome-extension|chrome|data|blob|about|devtools):/.test(url)) return false;
        try {
          return new URL(url).hostname !== '127.0.0.1';
        } catch {
          return true;
        }
      }),
    ];
  }
}
