/**
 * "Always allow for this site" may only skip the dialog for a request the student started with
 * "Ask a bigger model". A proposal the router made on its own (the page was too long for the local
 * model, no first words in time, low confidence) always shows the dialog, standing consent or not,
 * and the gate refuses a standing ('site') consent for a router proposal whatever the panel does.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudService } from '../../lib/cloud/cloud-service';
import { saveProvider } from '../../lib/cloud/providers';
import { LocusError } from '../../lib/errors';
import type { CloudProposal } from '../../lib/messaging/cloud-protocol';
import type { TaskRequest } from '../../lib/messaging/engine-protocol';
import { CloudState } from '../../lib/panel/cloud-state';
import { databaseAuditor, listAudit } from '../../lib/privacy/audit';
import { grantStandingConsent, hasStandingConsent, sha256Hex, type CloudConsent } from '../../lib/privacy/consent';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { loadSettings, saveSettings, DEFAULT_SETTINGS } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';

const REQUEST: TaskRequest = {
  kind: 'summarize',
  mode: 'tldr',
  outputLanguage: '',
  page: {
    url: 'https://course.example.edu/geo/1',
    title: 'Geology',
    lang: 'en',
    text: 'Continents drift a few centimetres a year. '.repeat(40),
  },
};
const TOO_LONG = [{ code: 'context-too-long' as const, message: 'The page is longer than the local model can read at once.' }];

let db: LocusDatabase;
let n = 0;
let sent: string[];

function service(): CloudService {
  const gate = createNetworkGate(() => loadSettings(db), {
    baseFetch: async (_input, init) => {
      sent.push(String(init?.body));
      return new Response('data: {"choices":[{"delta":{"content":"ok"}}]}\n\ndata: [DONE]\n\n', {
        headers: { 'content-type': 'text/event-stream' },
      });
    },
    auditor: databaseAuditor(() => db),
    standingConsent: (site, id) => hasStandingConsent(db, site, id),
  });
  return new CloudService({ db: () => db, readSettings: () => loadSettings(db), gate });
}

beforeEach(async () => {
  n += 1;
  db = new LocusDatabase(`locus-standing-test-${process.pid}-${n}`);
  await saveProvider(db, {
    id: 'p1',
    kind: 'openai-compatible',
    name: 'Example AI',
    baseUrl: 'https://api.example.com/v1',
    model: 'big-1',
    apiKey: 'sk-x',
    inputPricePerMTok: 0,
    outputPricePerMTok: 0,
  });
  await saveSettings(db, { privacyMode: false, cloudProviderId: 'p1' });
  await grantStandingConsent(db, { site: 'course.example.edu', providerId: 'p1', grantedAt: Date.now() });
  sent = [];
});
afterEach(async () => {
  await db.delete();
});

describe('standing consent in the engine worker', () => {
  it('covers a proposal the student asked for, never one the router made', async () => {
    const cloud = service();
    const asked = await cloud.prepare({ request: REQUEST });
    expect(asked.trigger).toBe('student');
    expect(asked.standing).toBe(true);
    const proposed = await cloud.prepare({ request: REQUEST, reasons: TOO_LONG });
    expect(proposed.trigger).toBe('router');
    expect(proposed.standing).toBe(false);
  });

  it('a router proposal the student accepted in the dialog goes as a one-time consent', async () => {
    const cloud = service();
    const proposed = await cloud.prepare({ request: REQUEST, reasons: TOO_LONG });
    await cloud.send(
      { proposalId: proposed.id, bodySha256: proposed.bodySha256, alwaysAllowSite: true },
      () => undefined,
      new AbortController().signal,
    );
    expect(sent).toEqual([proposed.body]);
    expect((await listAudit(db)).map((r) => r.consent)).toEqual(['once']);
  });
});

describe('the gate', () => {
  it("refuses a standing ('site') consent for a request the router proposed", async () => {
    const calls: string[] = [];
    const gate = createNetworkGate(async () => ({ ...DEFAULT_SETTINGS, privacyMode: false }), {
      baseFetch: async (input) => {
        calls.push(String(input));
        return new Response('');
      },
      standingConsent: async () => true,
    });
    const body = '{"messages":[]}';
    const consent = (trigger: CloudConsent['trigger']): Promise<CloudConsent> =>
      sha256Hex(body).then((bodySha256) => ({
        id: `c-${trigger}`,
        kind: 'site' as const,
        trigger,
        url: 'https://api.example.com/v1/chat/completions',
        bodySha256,
        providerId: 'p1',
        providerName: 'Example AI',
        model: 'big-1',
        site: 'course.example.edu',
        redactions: {},
        grantedAt: Date.now(),
      }));
    const error = await gate
      .fetch('https://api.example.com/v1/chat/completions', { method: 'POST', body }, 'cloud', { consent: await consent('router') })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(LocusError);
    expect((error as LocusError).message).toMatch(/proposed/);
    expect(calls).toEqual([]);
    await gate.fetch('https://api.example.com/v1/chat/completions', { method: 'POST', body }, 'cloud', {
      consent: await consent('student'),
    });
    expect(calls).toHaveLength(1);
  });
});

const PROPOSAL: CloudProposal = {
  id: 'prop-1',
  task: 'summarize',
  trigger: 'router',
  reasons: TOO_LONG,
  provider: { id: 'p1', name: 'Example AI', kind: 'openai-compatible', model: 'big-1' },
  url: 'https://api.example.com/v1/chat/completions',
  messages: [{ role: 'user', content: 'Hi', segments: [{ text: 'Hi' }] }],
  body: '{}',
  bodyBytes: 2,
  bodySha256: 'a'.repeat(64),
  tokens: { prompt: 1, maxOutput: 10, countedWith: 'an estimate' },
  cost: { inputPerMTok: 0, outputPerMTok: 0, promptUsd: 0, maxUsd: 0 },
  redactions: {},
  redactionNote: '',
  kept: [],
  pageNames: 'keep',
  recognizers: ['patterns', 'name-finder'],
  site: 'course.example.edu',
  standing: true,
  notes: [],
};

describe('the consent dialog in the panel', () => {
  it('shows a router proposal even under "always allow" (a proposal marked standing by mistake included)', () => {
    const cloud = new CloudState({ engine: { rpc: (async () => null) as never } });
    const accepted: string[] = [];
    cloud.offer(PROPOSAL, (p) => accepted.push(p.id));
    expect(accepted).toEqual([]);
    expect(cloud.open).toBe(true);
    expect(cloud.proposal.value?.id).toBe('prop-1');
  });

  it('sends what the student asked for under "always allow" without the dialog, and says so', async () => {
    const cloud = new CloudState({
      engine: { rpc: (async () => ({ ...PROPOSAL, id: 'prop-2', trigger: 'student', standing: true })) as never },
    });
    const accepted: Array<[string, boolean]> = [];
    await cloud.ask(REQUEST, (p, allow) => accepted.push([p.id, allow]));
    expect(accepted).toEqual([['prop-2', false]]);
    expect(cloud.open).toBe(false);
    expect(cloud.notice.value).toMatch(/always allow course\.example\.edu/);
  });
});
