/**
 * "Ask a bigger model…" on a hint card, in the engine worker's cloud path in Node (real Dexie on
 * fake-indexeddb, the real gate, a fake provider as the network): the proposal's body is the
 * problem, the hints so far and the instruction for the next hint, redacted; sending sends exactly
 * those bytes; the answer goes through the same answer-leak guard as a local hint.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudService } from '../../lib/cloud/cloud-service';
import { cloudTextSink } from '../../lib/cloud/hint-answer-guard';
import { saveProvider, type Provider } from '../../lib/cloud/providers';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import { databaseAuditor } from '../../lib/privacy/audit';
import { hasStandingConsent } from '../../lib/privacy/consent';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { loadSettings, saveSettings } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';

const PROVIDER: Provider = {
  id: 'p1',
  kind: 'openai-compatible',
  name: 'Example AI',
  baseUrl: 'https://api.example.com/v1',
  model: 'big-1',
  apiKey: 'sk-unit-hint',
  inputPricePerMTok: 0.15,
  outputPricePerMTok: 0.6,
};
const HINT: Extract<TaskRequest, { kind: 'hint' }> = {
  kind: 'hint',
  level: 2,
  problem: 'A train leaves at 3 pm at 60 km/h. Mail me at jane.doe@university.edu. When has it gone 150 km?',
  context: '',
  previous: ['What does speed times time give you?'],
  page: { url: 'https://course.example.edu/physics', title: 'Physics', lang: 'en' },
  outputLanguage: '',
};

let db: LocusDatabase;
let n = 0;
let sent: string[];
let answer: string;

function service(): CloudService {
  const gate = createNetworkGate(() => loadSettings(db), {
    baseFetch: async (_input, init) => {
      sent.push(String(init?.body));
      const chunks = answer.match(/.{1,7}/gs) ?? [];
      const sse = chunks.map((c) => `data: ${JSON.stringify({ choices: [{ delta: { content: c } }] })}\n\n`).join('') + 'data: [DONE]\n\n';
      return new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
    },
    auditor: databaseAuditor(() => db),
    standingConsent: (site, id) => hasStandingConsent(db, site, id),
  });
  return new CloudService({ db: () => db, readSettings: () => loadSettings(db), gate });
}

beforeEach(async () => {
  n += 1;
  db = new LocusDatabase(`locus-cloud-hint-test-${process.pid}-${n}`);
  await saveProvider(db, PROVIDER);
  await saveSettings(db, { privacyMode: false, cloudProviderId: 'p1' });
  sent = [];
  answer = 'Think about the distance formula. The answer is 5:30 pm. Which quantity do you still need?';
});
afterEach(async () => {
  await db.delete();
});

async function send(cloud: CloudService, request: TaskRequest) {
  const proposal = await cloud.prepare({ request });
  const events: TaskEvent[] = [];
  await cloud.send(
    { proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite: false },
    (e) => events.push(e),
    new AbortController().signal,
  );
  return { proposal, events };
}

describe('a hint card asked of a bigger model', () => {
  it('proposes the problem, the hints so far and the next hint without the answer, redacted', async () => {
    const proposal = await service().prepare({ request: HINT });
    const user = proposal.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain('A train leaves at 3 pm at 60 km/h.');
    expect(user).toContain('What does speed times time give you?');
    expect(user).toMatch(/hint 2 of 3/);
    expect(user).toMatch(/do not state its answer/);
    expect(proposal.body).not.toContain('jane.doe@university.edu');
    expect(proposal.redactions).toEqual({ EMAIL_ADDRESS: 1 });
    expect(proposal.task).toBe('hint');
    expect(proposal.trigger).toBe('student');
    expect(sent).toEqual([]);
  });

  it('sends exactly the previewed bytes; the sentence giving the answer away is never shown nor kept', async () => {
    const { proposal, events } = await send(service(), HINT);
    expect(sent).toEqual([proposal.body]);
    const shown = events.flatMap((e) => (e.kind === 'text' ? [e.delta] : [])).join('');
    expect(shown).not.toMatch(/5:30/);
    expect(shown).toContain('Think about the distance formula.');
    expect(shown).toContain('Which quantity do you still need?');
    const done = events.find((e) => e.kind === 'done');
    expect(done?.kind === 'done' && done.text).toBe(shown.trim());
    const notice = events.find((e) => e.kind === 'notice');
    expect(notice?.kind === 'notice' && notice.notice).toEqual({ code: 'hint-held-back', sentences: 1 });
  });

  it('the worked solution (from the solution card) is the answer by design: not guarded', async () => {
    const { events } = await send(service(), { ...HINT, level: 4 });
    const done = events.find((e) => e.kind === 'done');
    expect(done?.kind === 'done' && done.text).toBe(answer);
  });

  it('is refused in privacy mode: nothing is proposed or sent', async () => {
    await saveSettings(db, { privacyMode: true, cloudProviderId: 'p1' });
    await expect(service().prepare({ request: HINT })).rejects.toThrow(/Privacy mode is on/);
    expect(sent).toEqual([]);
  });
});

describe('cloudTextSink', () => {
  it('passes other tasks through as they stream', () => {
    const events: TaskEvent[] = [];
    const sink = cloudTextSink({ kind: 'summarize', mode: 'tldr', outputLanguage: '', page: { ...HINT.page, text: 'x' } }, (e) =>
      events.push(e),
    );
    sink.push('The answer is 42.');
    expect(sink.end('The answer is 42.')).toBe('The answer is 42.');
    expect(events).toEqual([{ kind: 'text', delta: 'The answer is 42.' }]);
  });

  it('a hint that is all answer ends empty (the panel words its own nudge)', () => {
    const events: TaskEvent[] = [];
    const sink = cloudTextSink(HINT, (e) => events.push(e));
    sink.push('Final answer: 5:30 pm.');
    expect(sink.end('Final answer: 5:30 pm.')).toBe('');
    expect(events.filter((e) => e.kind === 'text')).toEqual([]);
  });
});
