/**
 * Cloud providers in the extension's IndexedDB (fake-indexeddb): validated before anything is
 * written, keys kept on edit and never listed, standing consents removed with their provider, host
 * permission patterns for the provider's origin only; the new privacy settings validated; and the
 * panel's consent state: permission asked for on the click, Cancel forgets, privacy mode closes it.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteProvider,
  endpointOf,
  getProvider,
  hostPermissionPattern,
  listProviders,
  saveProvider,
  type Provider,
} from '../../lib/cloud/providers';
import type { CloudProposal } from '../../lib/messaging/cloud-protocol';
import { CloudState } from '../../lib/panel/cloud-state';
import { grantStandingConsent, listStandingConsents } from '../../lib/privacy/consent';
import { saveSettings } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';

let db: LocusDatabase | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});
const fresh = () => (db = new LocusDatabase(`locus-providers-${process.pid}-${Math.random()}`));
const BASE: Provider = {
  id: 'p1',
  kind: 'openai-compatible',
  name: 'Groq',
  baseUrl: 'https://api.groq.com/openai/v1/',
  model: 'llama-3.1-8b-instant',
  apiKey: 'gsk_secret',
  inputPricePerMTok: 0.05,
  outputPricePerMTok: 0.08,
};

describe('providers', () => {
  it('are validated, stored with their key, and listed without it', async () => {
    const d = fresh();
    await saveProvider(d, BASE);
    expect((await getProvider(d, 'p1'))?.apiKey).toBe('gsk_secret');
    expect((await getProvider(d, 'p1'))?.baseUrl).toBe('https://api.groq.com/openai/v1'); // trailing slash dropped
    const listed = await listProviders(d);
    expect(listed).toEqual([expect.objectContaining({ id: 'p1', name: 'Groq', hasKey: true })]);
    expect(JSON.stringify(listed)).not.toContain('gsk_secret');
    for (const bad of ['ftp://x.example', 'https://user:pw@x.example/v1', 'https://x.example/v1?key=1', 'not a url']) {
      await expect(saveProvider(d, { ...BASE, id: 'p2', baseUrl: bad })).rejects.toThrow();
    }
    await expect(saveProvider(d, { ...BASE, id: 'p2', model: '' })).rejects.toThrow();
    expect(await d.providers.count()).toBe(1);
  });

  it('keep their key when edited without one; lose their standing consents when removed', async () => {
    const d = fresh();
    await saveProvider(d, BASE);
    await saveProvider(d, { ...BASE, name: 'Groq (school)', apiKey: '' }, { keepKey: true });
    expect(await getProvider(d, 'p1')).toMatchObject({ name: 'Groq (school)', apiKey: 'gsk_secret' });
    await grantStandingConsent(d, { site: 'a.example', providerId: 'p1', grantedAt: 1 });
    await grantStandingConsent(d, { site: 'b.example', providerId: 'other', grantedAt: 1 });
    await deleteProvider(d, 'p1');
    expect(await getProvider(d, 'p1')).toBeUndefined();
    expect((await listStandingConsents(d)).map((c) => c.site)).toEqual(['b.example']);
  });

  it('have one endpoint per kind and ask for their own origin only', () => {
    expect(endpointOf({ kind: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1' })).toBe(
      'https://openrouter.ai/api/v1/chat/completions',
    );
    expect(endpointOf({ kind: 'ollama', baseUrl: 'http://localhost:11434' })).toBe('http://localhost:11434/api/chat');
    expect(hostPermissionPattern('http://localhost:11434/api/chat')).toBe('http://localhost/*');
    expect(hostPermissionPattern('https://api.openai.com/v1/chat/completions')).toBe('https://api.openai.com/*');
  });
});

describe('privacy settings', () => {
  it('validate the student ID pattern', async () => {
    const d = fresh();
    expect((await saveSettings(d, { studentIdPattern: '\\bS\\d{7}\\b' })).studentIdPattern).toBe('\\bS\\d{7}\\b');
    await expect(saveSettings(d, { studentIdPattern: '([' })).rejects.toThrow();
    await expect(saveSettings(d, { studentIdPattern: '\\d*' })).rejects.toThrow(); // matches empty text
    await expect(saveSettings(d, { studentIdPattern: '(a+)+$' })).rejects.toThrow(/could take minutes/); // backtracks catastrophically
    const s = await saveSettings(d, {});
    expect(s).toMatchObject({
      privacyMode: true,
      offline: false,
      cloudProviderId: '',
      cloudSuggestions: true,
      firstTokenBudgetMs: 3000,
      // Names are looked for by default now (the on-device name finder); the model is the student's choice.
      nerRedaction: 'name-finder',
      // The page's names stay as written by default (lib/privacy/kept-names.ts); the student can switch it off.
      keepPageNames: true,
    });
  });
});

const PROPOSAL: CloudProposal = {
  id: 'prop-1',
  task: 'summarize',
  trigger: 'student',
  reasons: [{ code: 'asked', message: 'You asked for a bigger model.' }],
  provider: { id: 'p1', name: 'Groq', kind: 'openai-compatible', model: 'm' },
  url: 'https://api.groq.com/openai/v1/chat/completions',
  messages: [
    {
      role: 'user',
      content: 'Hi [EMAIL_1]',
      segments: [{ text: 'Hi ' }, { text: '[EMAIL_1]', entity: 'EMAIL_ADDRESS', original: 'a@b.io' }],
    },
  ],
  body: '{}',
  bodyBytes: 2,
  bodySha256: 'a'.repeat(64),
  tokens: { prompt: 3, maxOutput: 10, countedWith: 'an estimate' },
  cost: { inputPerMTok: 0, outputPerMTok: 0, promptUsd: 0, maxUsd: 0 },
  redactions: { EMAIL_ADDRESS: 1 },
  redactionNote: '',
  kept: [],
  pageNames: 'keep',
  recognizers: ['patterns', 'name-finder'],
  site: 'course.example.edu',
  standing: false,
  notes: [],
};

function panelCloud(grant = true) {
  const rpcs: unknown[] = [];
  const asked: string[][] = [];
  const cloud = new CloudState({
    engine: {
      rpc: (async (request: { method: string; edited?: unknown; hideKept?: boolean }) => {
        rpcs.push(request);
        if (request.hideKept) return { ...PROPOSAL, id: 'prop-3', kept: [], pageNames: 'hide-asked' };
        return request.method === 'cloud.prepare' ? { ...PROPOSAL, id: request.edited ? 'prop-2' : 'prop-1' } : null;
      }) as never,
    },
    permissions: {
      request: async ({ origins }) => {
        asked.push(origins);
        return grant;
      },
    },
  });
  return { cloud, rpcs, asked };
}

describe('the consent dialog state', () => {
  it('asks for the provider origin on "Send once", then hands the proposal to the feature', async () => {
    const { cloud, asked } = panelCloud();
    const accepted: Array<[string, boolean]> = [];
    await cloud.ask(
      {
        kind: 'summarize',
        mode: 'tldr',
        outputLanguage: '',
        page: { url: 'https://course.example.edu/', title: '', lang: 'en', text: 'x' },
      },
      (p, allow) => accepted.push([p.id, allow]),
    );
    expect(cloud.proposal.value?.id).toBe('prop-1');
    cloud.alwaysAllow.value = true;
    await cloud.send();
    expect(asked).toEqual([['https://api.groq.com/*']]);
    expect(accepted).toEqual([['prop-1', true]]);
    expect(cloud.open).toBe(false);
  });

  it('sends nothing when the permission is refused', async () => {
    const { cloud } = panelCloud(false);
    const accepted: string[] = [];
    cloud.offer(PROPOSAL, (p) => accepted.push(p.id));
    await cloud.send();
    expect(accepted).toEqual([]);
    expect(cloud.error.value?.message).toMatch(/Nothing was sent/);
  });

  it('Cancel tells the worker to forget the proposal; privacy mode closes the dialog', async () => {
    const { cloud, rpcs } = panelCloud();
    cloud.offer(PROPOSAL, () => undefined);
    cloud.cancel();
    expect(cloud.open).toBe(false);
    expect(cloud.notice.value).toBe('Nothing was sent.');
    await new Promise((r) => setTimeout(r, 0));
    expect(rpcs).toEqual([{ method: 'cloud.discard', proposalId: 'prop-1' }]);
    cloud.offer(PROPOSAL, () => undefined);
    cloud.closeForPrivacy();
    expect(cloud.open).toBe(false);
    expect(cloud.notice.value).toMatch(/Privacy mode is on/);
  });

  it('an edit asks for a new preview of the edited text', async () => {
    const { cloud, rpcs } = panelCloud();
    cloud.offer(PROPOSAL, () => undefined);
    cloud.startEdit();
    expect(cloud.draft.value).toBe('Hi [EMAIL_1]');
    cloud.draft.value = 'Hi [EMAIL_1], and more';
    await cloud.applyEdit();
    expect(rpcs.at(-1)).toEqual({
      method: 'cloud.prepare',
      edited: [{ role: 'user', content: 'Hi [EMAIL_1], and more' }],
      previousId: 'prop-1',
    });
    expect(cloud.proposal.value?.id).toBe('prop-2');
  });

  it('"Replace these too" asks for a new preview of the same request with the page\'s names replaced', async () => {
    const { cloud, rpcs } = panelCloud();
    const accepted: string[] = [];
    cloud.offer({ ...PROPOSAL, kept: [{ entity: 'PERSON', value: 'Marie Curie', count: 2 }] }, (p) => accepted.push(p.id));
    await cloud.hideKept();
    expect(rpcs.at(-1)).toEqual({ method: 'cloud.prepare', previousId: 'prop-1', hideKept: true });
    expect(cloud.proposal.value).toMatchObject({ id: 'prop-3', kept: [], pageNames: 'hide-asked' });
    // Consent goes to the new preview.
    await cloud.send();
    expect(accepted).toEqual(['prop-3']);
  });

  it('a router proposal shows the dialog even under "always allow" (only what the student asked for skips it)', () => {
    const { cloud } = panelCloud();
    const accepted: string[] = [];
    cloud.offer({ ...PROPOSAL, trigger: 'router', standing: true }, (p) => accepted.push(p.id));
    expect(accepted).toEqual([]);
    expect(cloud.open).toBe(true);
    // See standing-consent-scope.test.ts for "Ask a bigger model" under "always allow".
  });
});
