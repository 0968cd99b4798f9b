/**
 * The engine worker's cloud path end to end in Node, on a real Dexie database (fake-indexeddb) and
 * the real gate, with a fake provider as the network: a proposal shows redacted text whose
 * highlighted segments are the body's messages; sending it sends those bytes exactly; the answer's
 * placeholders come back as the real values; the audit log has the row; a tampered hash, privacy
 * mode, or name redaction without a model send nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudService } from '../../lib/cloud/cloud-service';
import { saveProvider, type Provider } from '../../lib/cloud/providers';
import { LocusError } from '../../lib/errors';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import { databaseAuditor, listAudit } from '../../lib/privacy/audit';
import { hasStandingConsent, sha256Hex } from '../../lib/privacy/consent';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { saveSettings, loadSettings, type Settings } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';

const KEY = 'sk-unit-SECRET-0000';
const PROVIDER: Provider = {
  id: 'p1',
  kind: 'openai-compatible',
  name: 'Example AI',
  baseUrl: 'https://api.example.com/v1',
  model: 'big-1',
  apiKey: KEY,
  inputPricePerMTok: 0.15,
  outputPricePerMTok: 0.6,
};
const PAGE_TEXT =
  'Office hours: write to jane.doe@university.edu or call +1 (415) 555-0199. Student S1234567 asked about plate tectonics. Continents drift a few centimetres a year.';
const REQUEST: TaskRequest = {
  kind: 'summarize',
  mode: 'tldr',
  outputLanguage: '',
  page: { url: 'https://course.example.edu/geo/1', title: 'Geology', lang: 'en', text: PAGE_TEXT },
};

let db: LocusDatabase;
let n = 0;
let sent: Array<{ url: string; body: string; headers: Record<string, string> }>;
let answer: string;

function service(extra: Partial<ConstructorParameters<typeof CloudService>[0]> = {}): CloudService {
  const gate = createNetworkGate(() => loadSettings(db), {
    baseFetch: async (input, init) => {
      sent.push({ url: String(input), body: String(init?.body), headers: init?.headers as Record<string, string> });
      const chunks = answer.match(/.{1,5}/gs) ?? [];
      const sse = chunks.map((c) => `data: ${JSON.stringify({ choices: [{ delta: { content: c } }] })}\n\n`).join('') + 'data: [DONE]\n\n';
      return new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
    },
    auditor: databaseAuditor(() => db),
    standingConsent: (site, id) => hasStandingConsent(db, site, id),
  });
  return new CloudService({ db: () => db, readSettings: () => loadSettings(db), gate, ...extra });
}

async function open(patch: Partial<Settings> = {}) {
  await saveSettings(db, { privacyMode: false, cloudProviderId: 'p1', studentIdPattern: '\\bS\\d{7}\\b', ...patch });
}

beforeEach(async () => {
  n += 1;
  db = new LocusDatabase(`locus-cloud-test-${process.pid}-${n}`);
  await saveProvider(db, PROVIDER);
  sent = [];
  answer = 'Contact [EMAIL_1] or [PHONE_1] for help; [STUDENT_ID_1] asked a question about drifting continents.';
});
afterEach(async () => {
  await db.delete();
});

async function failure(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

describe('cloud proposals', () => {
  it('shows the redacted text, highlighted, and the exact body with its hash, size and cost', async () => {
    await open();
    const proposal = await service().prepare({ request: REQUEST });
    expect(proposal.provider).toEqual({ id: 'p1', name: 'Example AI', kind: 'openai-compatible', model: 'big-1' });
    expect(proposal.url).toBe('https://api.example.com/v1/chat/completions');
    expect(proposal.reasons.map((r) => r.code)).toEqual(['asked']);
    expect(proposal.redactions).toEqual({ EMAIL_ADDRESS: 1, PHONE_NUMBER: 1, STUDENT_ID: 1 });
    expect(proposal.site).toBe('course.example.edu');
    expect(proposal.standing).toBe(false);
    // The body is what the dialog lists, byte for byte, and names no personal value or key.
    const parsed = JSON.parse(proposal.body) as { messages: Array<{ role: string; content: string }> };
    expect(parsed.messages.map((m) => m.content)).toEqual(proposal.messages.map((m) => m.content));
    for (const m of proposal.messages) expect(m.segments.map((s) => s.text).join('')).toBe(m.content);
    for (const secret of ['jane.doe@university.edu', '555-0199', 'S1234567', KEY]) expect(proposal.body).not.toContain(secret);
    const user = proposal.messages.find((m) => m.role === 'user')!;
    expect(user.segments.filter((s) => s.entity).map((s) => [s.entity, s.text, s.original])).toEqual([
      ['EMAIL_ADDRESS', '[EMAIL_1]', 'jane.doe@university.edu'],
      ['PHONE_NUMBER', '[PHONE_1]', '+1 (415) 555-0199'],
      ['STUDENT_ID', '[STUDENT_ID_1]', 'S1234567'],
    ]);
    expect(proposal.bodySha256).toBe(await sha256Hex(proposal.body));
    expect(proposal.bodyBytes).toBe(new TextEncoder().encode(proposal.body).length);
    expect(proposal.tokens.prompt).toBeGreaterThan(30);
    expect(proposal.tokens.countedWith).toMatch(/estimate/);
    expect(proposal.cost.promptUsd).toBeCloseTo((proposal.tokens.prompt * 0.15) / 1e6, 12);
    expect(proposal.cost.maxUsd).toBeCloseTo(proposal.cost.promptUsd + (proposal.tokens.maxOutput * 0.6) / 1e6, 12);
    // Names are looked for on the device (none in this text) and the dialog says by what.
    expect(proposal.recognizers).toEqual(['patterns', 'name-finder']);
    expect(proposal.redactionNote).toMatch(/Names, places and organizations were found by the on-device name finder/);
    expect(sent).toEqual([]); // a proposal sends nothing
    expect(await listAudit(db)).toEqual([]);
  });

  it("a library answer's question: the kept passages redacted, numbered as cited; Send once posts exactly that body", async () => {
    await open();
    const cloud = service();
    const request: TaskRequest = {
      kind: 'library.question',
      question: 'Who do I write to about plates?',
      outputLanguage: '',
      passages: [
        { title: 'Geology', url: 'https://course.example.edu/geo/1', headings: ['Office hours'], text: PAGE_TEXT },
        { title: 'Plates', url: 'https://ocw.example/geo/plates', headings: [], text: 'Plates move a few centimetres a year.' },
      ],
    };
    const proposal = await cloud.prepare({ request });
    expect(proposal.task).toBe('library.question');
    // The contact details, by pattern (names are the name policy's: not what this test is about).
    expect(proposal.redactions).toMatchObject({ EMAIL_ADDRESS: 1, PHONE_NUMBER: 1, STUDENT_ID: 1 });
    for (const secret of ['jane.doe@university.edu', '555-0199', 'S1234567']) expect(proposal.body).not.toContain(secret);
    const user = proposal.messages.find((m) => m.role === 'user')!.content;
    // Numbered as the card cites them: [1] the first kept passage (its heading as the name policy leaves it), [2] the second.
    expect(user).toMatch(/\[1\] Geology › [^\n]+\nOffice hours: write to \[EMAIL_1\] or call \[PHONE_1\][\s\S]*\[2\] Plates\nPlates move/);
    expect(sent).toEqual([]);
    answer = 'Write to [EMAIL_1] [1].';
    const events: TaskEvent[] = [];
    await cloud.send(
      { proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite: false },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(sent.map((s) => s.body)).toEqual([proposal.body]);
    const done = events.at(-1)!;
    expect(done.kind === 'done' && done.text).toBe('Write to jane.doe@university.edu [1].');
  });

  it('is refused in privacy mode, offline, or without a provider', async () => {
    await open({ privacyMode: true });
    expect((await failure(service().prepare({ request: REQUEST }))).message).toMatch(/Privacy mode is on/);
    await open({ offline: true });
    expect((await failure(service().prepare({ request: REQUEST }))).code).toBe('offline-blocked');
    await open({ offline: false, cloudProviderId: '' });
    expect((await failure(service().prepare({ request: REQUEST }))).code).toBe('cloud-not-configured');
  });

  it('refuses to send when the NER model is chosen but not available', async () => {
    await open({ nerRedaction: 'name-finder+model' });
    const error = await failure(service().prepare({ request: REQUEST }));
    expect(error.message).toMatch(/name-recognition model is switched on, but the model is not available/);
    expect(sent).toEqual([]);
  });
});

describe('names, places and addresses', () => {
  const NOTES: TaskRequest = {
    ...REQUEST,
    page: {
      ...REQUEST.page,
      text: 'Study group notes. My classmate Nguyễn Minh Anh lives at 12 Lê Lợi Street, Hanoi; call her on 0912 345 678. Dr. Carla Jensen works for Acme Robotics Inc. in Geneva.',
    },
  };

  it('are found on the device before anything is proposed, and the dialog is told by what', async () => {
    // Every name replaced (Privacy: "keep the page's names" off), so all the finder caught is replaced.
    await open({ keepPageNames: false });
    const proposal = await service().prepare({ request: NOTES });
    const user = proposal.messages.find((m) => m.role === 'user')!;
    const found = user.segments.filter((s) => s.entity).map((s) => [s.entity, s.original]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['PERSON', 'Nguyễn Minh Anh'],
        ['STREET_ADDRESS', '12 Lê Lợi Street, Hanoi'],
        ['PHONE_NUMBER', '0912 345 678'],
        ['PERSON', 'Carla Jensen'],
        ['ORGANIZATION', 'Acme Robotics Inc.'],
        ['LOCATION', 'Geneva'],
      ]),
    );
    for (const secret of ['Nguyễn', 'Lê Lợi', '345 678', 'Jensen', 'Acme', 'Geneva']) expect(proposal.body).not.toContain(secret);
    expect(proposal.recognizers).toEqual(['patterns', 'name-finder']);
    expect(proposal.kept).toEqual([]);
    expect(proposal.pageNames).toBe('hide-setting');
    expect(user.segments.some((s) => s.kept)).toBe(false);
  });

  it('add the NER model when it is chosen, and say so', async () => {
    await open({ nerRedaction: 'name-finder+model', keepPageNames: false });
    const calls: string[] = [];
    const ner = async () => async (text: string) => {
      calls.push(text);
      const at = text.indexOf('Study group');
      return at < 0 ? [] : [{ entity: 'ORGANIZATION' as const, start: at, end: at + 'Study group'.length, score: 0.9 }];
    };
    const proposal = await service({ ner }).prepare({ request: NOTES });
    expect(calls.length).toBeGreaterThan(0);
    expect(proposal.recognizers).toEqual(['patterns', 'name-finder', 'ner-model']);
    expect(proposal.redactionNote).toMatch(/name-recognition model/);
    expect(proposal.body).not.toContain('Study group');
  });
});

describe('names of the page being studied', () => {
  /** A course page: scientists and places, and a line with a teaching assistant's contact details. */
  const COURSE =
    'Week 3: Electromagnetism. James Clerk Maxwell unified electricity and magnetism; Marie Curie studied radioactivity in Paris. ' +
    'The experiment was repeated at CERN near Geneva. Contact your TA Lan Pham at lan.pham@uni.edu or 0912 345 678.';
  const SUMMARY: TaskRequest = { ...REQUEST, page: { ...REQUEST.page, title: 'Physics 101', text: COURSE } };
  const PRINCIPIA =
    'Isaac Newton published the Principia in London in 1687. Edmond Halley paid for its printing, and Halley later predicted the return of the comet.';
  const ASK: TaskRequest = {
    kind: 'selection',
    action: 'ask',
    selection: PRINCIPIA,
    context: `History of physics\n\n${PRINCIPIA}`,
    inEditable: false,
    question: 'My classmate Trần Thu Hà says Halley was wrong, explain in detail',
    targetLanguage: '',
    page: { url: 'https://course.example.edu/physics/history', title: 'History of physics', lang: 'en' },
    outputLanguage: '',
  };
  const userOf = (p: {
    messages: Array<{ role: string; content: string; segments: Array<{ text: string; entity?: string; kept?: true }> }>;
  }) => p.messages.find((m) => m.role === 'user')!;
  const keptValues = (p: { kept: Array<{ value: string }> }) => p.kept.map((k) => k.value).sort();

  it('a course page: scientists and places are kept as written and shown as kept; contact details and the name beside them are not', async () => {
    await open();
    const proposal = await service().prepare({ request: SUMMARY });
    expect(proposal.pageNames).toBe('keep');
    expect(keptValues(proposal)).toEqual(['CERN', 'Geneva', 'James Clerk Maxwell', 'Marie Curie', 'Paris']);
    expect(proposal.kept.find((k) => k.value === 'Marie Curie')).toEqual({ entity: 'PERSON', value: 'Marie Curie', count: 1 });
    for (const name of ['James Clerk Maxwell', 'Marie Curie', 'Paris', 'CERN', 'Geneva']) expect(proposal.body).toContain(name);
    // The page shows them, but a contact detail is never kept, nor the name in its sentence.
    for (const secret of ['Lan Pham', 'lan.pham@uni.edu', '345 678']) expect(proposal.body).not.toContain(secret);
    expect(proposal.redactions).toEqual({ PERSON: 1, EMAIL_ADDRESS: 1, PHONE_NUMBER: 1 });
    // Kept names are highlighted as kept (their own text, sent as is); the segments still join to the body's text.
    const user = userOf(proposal);
    expect(user.segments.filter((s) => s.kept).map((s) => [s.entity, s.text])).toEqual([
      ['PERSON', 'James Clerk Maxwell'],
      ['PERSON', 'Marie Curie'],
      ['LOCATION', 'Paris'],
      ['LOCATION', 'CERN'],
      ['LOCATION', 'Geneva'],
    ]);
    expect(user.segments.map((s) => s.text).join('')).toBe(user.content);
    expect(JSON.parse(proposal.body).messages.map((m: { content: string }) => m.content)).toEqual(proposal.messages.map((m) => m.content));
  });

  it('a question naming a classmate: the classmate is redacted, a page name the student wrote is redacted everywhere, the rest of the page is kept; the provider receives exactly that', async () => {
    await open();
    const cloud = service();
    const proposal = await cloud.prepare({ request: ASK });
    expect(proposal.kept).toEqual([
      { entity: 'PERSON', value: 'Isaac Newton', count: 2 },
      { entity: 'LOCATION', value: 'London', count: 2 },
    ]);
    expect(proposal.body).toContain('Isaac Newton');
    expect(proposal.body).toContain('London');
    for (const secret of ['Trần Thu Hà', 'Halley']) expect(proposal.body).not.toContain(secret);
    // "Halley" is in the question, so it is replaced in the page's sentences too (and "Edmond Halley", which shares
    // the word), in the passage and in its surroundings alike.
    const user = userOf(proposal);
    const originals = user.segments.filter((s) => !s.kept && s.entity === 'PERSON').map((s) => (s as { original?: string }).original);
    expect(originals.sort()).toEqual(['Edmond Halley', 'Edmond Halley', 'Halley', 'Halley', 'Halley', 'Trần Thu Hà']);
    expect(user.content).toContain('My classmate [PERSON_3] says [PERSON_2] was wrong');

    answer = 'Newton worked in London; [PERSON_1] funded him.';
    const events: TaskEvent[] = [];
    await cloud.send(
      { proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite: false },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(proposal.body);
    const done = events.at(-1)!;
    expect(done.kind === 'done' && done.text).toBe('Newton worked in London; Edmond Halley funded him.');
  });

  it("a selection inside a text field is the student's own writing: nothing of it is kept", async () => {
    await open();
    const proposal = await service().prepare({ request: { ...ASK, inEditable: true, question: 'Explain this in detail' } });
    expect(proposal.kept).toEqual([]);
    for (const secret of ['Isaac Newton', 'London', 'Halley']) expect(proposal.body).not.toContain(secret);
  });

  it('an edit: names the student types are redacted, also where the page has them; the names kept before stay kept, no new ones', async () => {
    await open();
    const cloud = service();
    const first = await cloud.prepare({ request: SUMMARY });
    const user = userOf(first);
    // The student adds a friend, and the name of a scientist the preview kept.
    const edited = first.messages.map((m) =>
      m === user
        ? { role: m.role, content: m.content.replace('Week 3:', 'Week 3 (with Ngô Bảo Châu, ask Marie Curie):') }
        : { role: m.role, content: m.content },
    );
    const second = await cloud.prepare({ edited, previousId: first.id });
    expect(second.notes).toContainEqual({ message: 'You edited this text.', notice: { code: 'cloud-edited' } });
    for (const secret of ['Ngô Bảo Châu', 'Marie Curie', 'Lan Pham']) expect(second.body).not.toContain(secret);
    expect(keptValues(second)).toEqual(['CERN', 'Geneva', 'James Clerk Maxwell', 'Paris']);
    expect(second.body).toContain('James Clerk Maxwell');
  });

  it('"Hide these too": the same request with the page\'s names replaced, and an edit after it keeps none either', async () => {
    await open();
    const cloud = service();
    const first = await cloud.prepare({ request: SUMMARY });
    expect(first.kept.length).toBeGreaterThan(0);
    const hidden = await cloud.prepare({ previousId: first.id, hideKept: true });
    expect(hidden.pageNames).toBe('hide-asked');
    expect(hidden.kept).toEqual([]);
    for (const name of ['Maxwell', 'Curie', 'Paris', 'CERN', 'Geneva', 'Lan Pham']) expect(hidden.body).not.toContain(name);
    // The placeholders of the first preview keep their numbers.
    expect(hidden.body).toContain('[PERSON_1]');
    // The first preview is gone: consent goes to the last one shown.
    const stale = await failure(
      cloud.send(
        { proposalId: first.id, bodySha256: first.bodySha256, alwaysAllowSite: false },
        () => undefined,
        new AbortController().signal,
      ),
    );
    expect(stale.code).toBe('consent-required');
    const edited = hidden.messages.map((m) => ({ role: m.role, content: m.content.replace('Week 3', 'Week three') }));
    const again = await cloud.prepare({ edited, previousId: hidden.id });
    expect(again.pageNames).toBe('hide-asked');
    expect(again.kept).toEqual([]);
  });
});

describe('proposals for other features', () => {
  it('highlight-and-ask goes with the same prompt as on the device; the router reads the question; never proposes hints on its own', async () => {
    await open();
    const cloud = service();
    const ask: TaskRequest = {
      kind: 'selection',
      action: 'ask',
      selection: 'Continents drift a few centimetres a year.',
      context: PAGE_TEXT,
      inEditable: false,
      question: 'Compare this with sea-floor spreading, in detail',
      targetLanguage: '',
      page: { url: 'https://course.example.edu/geo/1', title: 'Geology', lang: 'en' },
      outputLanguage: '',
    };
    const events: TaskEvent[] = [];
    const watch = await cloud.watch(ask, (e) => events.push(e));
    await watch.start();
    await watch.finish();
    const event = events.find((e) => e.kind === 'cloud-proposal');
    const p = event?.kind === 'cloud-proposal' ? event.proposal : undefined;
    expect(p?.reasons.map((r) => r.code)).toEqual(['complex-ask']);
    expect(p!.body).toContain('Compare this with sea-floor spreading');
    expect(p!.body).not.toContain('jane.doe@university.edu');
    expect(sent).toEqual([]);

    const chat: TaskRequest = {
      kind: 'chat',
      page: REQUEST.kind === 'summarize' ? REQUEST.page : (undefined as never),
      summary: '',
      history: [],
      question: 'Compare it in detail',
      outputLanguage: '',
    };
    // A question about the page is offered when the student asks (below), never by the router on its own.
    const chatEvents: TaskEvent[] = [];
    const chatWatch = await cloud.watch(chat, (e) => chatEvents.push(e));
    await chatWatch.start();
    await chatWatch.finish();
    expect(chatEvents.filter((e) => e.kind === 'cloud-proposal')).toEqual([]);
    expect((await failure(cloud.prepare({ request: chat, reasons: [{ code: 'complex-ask', message: 'x' }] }))).code).toBe('not-allowed');

    // Hints are offered from a hint card only (tests/unit/cloud-hint.test.ts), never by the router.
    const hint: TaskRequest = {
      kind: 'hint',
      level: 1,
      problem: 'Solve 2x = 4',
      context: '',
      previous: [],
      page: { url: 'https://a.example/', title: '', lang: 'en' },
      outputLanguage: '',
    };
    expect((await failure(cloud.prepare({ request: hint, reasons: [{ code: 'complex-ask', message: 'x' }] }))).code).toBe('not-allowed');
  });
});

describe('a question about the page, asked of a bigger model from its card', () => {
  const QUESTION = 'What should I email the teaching assistant about?';
  const chat: TaskRequest = {
    kind: 'chat',
    page: { url: 'https://course.example.edu/geo/1', title: 'Geology', lang: 'en', text: PAGE_TEXT },
    summary: '',
    history: [],
    question: QUESTION,
    outputLanguage: 'vi',
  };

  it("the body is the device's chat prompt: the page as data, then the question, redacted; sending sends those bytes", async () => {
    await open();
    const cloud = service();
    const proposal = await cloud.prepare({ request: chat });
    expect(proposal.task).toBe('chat');
    expect(proposal.trigger).toBe('student');
    expect(proposal.reasons.map((r) => r.code)).toEqual(['asked']);
    expect(proposal.site).toBe('course.example.edu');
    const [system, user, ...more] = proposal.messages;
    expect(more).toEqual([]); // no earlier conversation
    // Only Locus's instructions in the system message; the page's passages, as data, in the
    // question's turn, with the personal details replaced before anything is shown.
    expect(system!.role).toBe('system');
    expect(system!.content).not.toContain('Continents');
    expect(system!.content).toMatch(/Keep any placeholder you use exactly as written/);
    expect(user!.role).toBe('user');
    expect(user!.content).toMatch(/^The page the student is reading:\n<document>\nTitle: Geology\n/);
    expect(user!.content).toContain('Continents drift a few centimetres a year.');
    expect(user!.content).toContain('write to [EMAIL_1] or call [PHONE_1]. Student [STUDENT_ID_1] asked');
    expect(user!.content).toMatch(/The student's question: What should I email the teaching assistant about\?$/);
    expect(user!.content).toMatch(/Vietnamese/); // the answer language the card was asked in
    for (const secret of ['jane.doe@university.edu', '555-0199', 'S1234567', KEY]) expect(proposal.body).not.toContain(secret);
    const parsed = JSON.parse(proposal.body) as { messages: Array<{ content: string }> };
    expect(parsed.messages.map((m) => m.content)).toEqual(proposal.messages.map((m) => m.content));

    answer = 'Write to [EMAIL_1].';
    const events: TaskEvent[] = [];
    await cloud.send(
      { proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite: false },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(sent.map((r) => r.body)).toEqual([proposal.body]);
    const done = events.find((e) => e.kind === 'done');
    expect(done?.kind === 'done' && done.text).toBe('Write to jane.doe@university.edu.');
  });

  it('is refused in privacy mode, like every proposal', async () => {
    await open({ privacyMode: true });
    expect((await failure(service().prepare({ request: chat }))).message).toMatch(/Privacy mode is on/);
    expect(sent).toEqual([]);
  });
});

describe('sending a proposal the student agreed to', () => {
  it('sends exactly the previewed bytes, streams the answer with the real values back, audits it', async () => {
    await open();
    const cloud = service();
    const proposal = await cloud.prepare({ request: REQUEST });
    const events: TaskEvent[] = [];
    const outcome = await cloud.send(
      { proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite: false },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(proposal.body);
    expect(sent[0]!.url).toBe(proposal.url);
    expect(sent[0]!.headers.Authorization).toBe(`Bearer ${KEY}`);

    const texts = events.filter((e) => e.kind === 'text').map((e) => (e as { delta: string }).delta);
    expect(texts.length).toBeGreaterThan(1); // streamed
    const done = events.at(-1)!;
    expect(done.kind).toBe('done');
    const restored = 'Contact jane.doe@university.edu or +1 (415) 555-0199 for help; S1234567 asked a question about drifting continents.';
    expect(texts.join('')).toBe(restored);
    expect(done.kind === 'done' && done.text).toBe(restored);
    expect(done.kind === 'done' && done.stats.device).toBe('cloud');
    expect(outcome.task).toBe('summarize');
    // No streamed piece ever showed a placeholder half-restored.
    for (const t of texts) expect(t).not.toMatch(/\[[A-Z_]*$|^[A-Z_]*\d*\]/);

    const audit = await listAudit(db);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      provider: 'Example AI',
      model: 'big-1',
      destination: proposal.url,
      bytes: proposal.bodyBytes,
      payloadSha256: proposal.bodySha256,
      redactions: { EMAIL_ADDRESS: 1, PHONE_NUMBER: 1, STUDENT_ID: 1 },
      outcome: 'sent',
      consent: 'once',
      site: 'course.example.edu',
    });
    expect(JSON.stringify(audit)).not.toContain(KEY);

    // A proposal is single-use.
    const again = await failure(
      cloud.send(
        { proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite: false },
        () => undefined,
        new AbortController().signal,
      ),
    );
    expect(again.code).toBe('consent-required');
    expect(sent).toHaveLength(1);
  });

  it('refuses a hash other than the one shown, sending nothing', async () => {
    await open();
    const cloud = service();
    const proposal = await cloud.prepare({ request: REQUEST });
    const error = await failure(
      cloud.send(
        { proposalId: proposal.id, bodySha256: '0'.repeat(64), alwaysAllowSite: false },
        () => undefined,
        new AbortController().signal,
      ),
    );
    expect(error.message).toMatch(/changed after you saw it/);
    expect(sent).toEqual([]);
  });

  it('privacy mode switched on after the preview: the gate refuses the send', async () => {
    await open();
    const cloud = service();
    const proposal = await cloud.prepare({ request: REQUEST });
    await saveSettings(db, { privacyMode: true });
    const error = await failure(
      cloud.send(
        { proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite: false },
        () => undefined,
        new AbortController().signal,
      ),
    );
    expect(error.message).toMatch(/privacy mode is on/);
    expect(sent).toEqual([]);
    expect(await listAudit(db)).toEqual([]);
  });

  it('an edit is previewed again, redacted again, and that edit is what is sent', async () => {
    await open();
    const cloud = service();
    const first = await cloud.prepare({ request: REQUEST });
    const edited = first.messages.map((m) => ({
      role: m.role,
      content: m.role === 'user' ? `${m.content}\nAlso: my other address is john@example.org. Keep [EMAIL_1].` : m.content,
    }));
    const second = await cloud.prepare({ edited, previousId: first.id });
    expect(second.id).not.toBe(first.id);
    expect(second.notes).toContainEqual({ message: 'You edited this text.', notice: { code: 'cloud-edited' } });
    const user = second.messages.find((m) => m.role === 'user')!;
    expect(user.content).not.toContain('john@example.org');
    expect(user.content).toContain('[EMAIL_2]');
    expect(user.content).toContain('Keep [EMAIL_1].');
    // Kept placeholders are highlighted and counted as well as the new one.
    expect(user.segments.filter((s) => s.entity).map((s) => s.text)).toEqual([
      '[EMAIL_1]',
      '[PHONE_1]',
      '[STUDENT_ID_1]',
      '[EMAIL_2]',
      '[EMAIL_1]',
    ]);
    expect(second.redactions).toEqual({ EMAIL_ADDRESS: 3, PHONE_NUMBER: 1, STUDENT_ID: 1 });
    // The first preview is gone: only what was shown last can be sent.
    await failure(
      cloud.send(
        { proposalId: first.id, bodySha256: first.bodySha256, alwaysAllowSite: false },
        () => undefined,
        new AbortController().signal,
      ),
    );
    answer = 'Write to [EMAIL_2] or [EMAIL_1].';
    const events: TaskEvent[] = [];
    await cloud.send(
      { proposalId: second.id, bodySha256: second.bodySha256, alwaysAllowSite: false },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(sent.map((s) => s.body)).toEqual([second.body]);
    const done = events.at(-1)!;
    expect(done.kind === 'done' && done.text).toBe('Write to john@example.org or jane.doe@university.edu.');
  });

  it('"always allow for this site" is stored, covers the next proposal, and is revocable', async () => {
    await open();
    const cloud = service();
    const first = await cloud.prepare({ request: REQUEST });
    await cloud.send(
      { proposalId: first.id, bodySha256: first.bodySha256, alwaysAllowSite: true },
      () => undefined,
      new AbortController().signal,
    );
    expect(await hasStandingConsent(db, 'course.example.edu', 'p1')).toBe(true);
    const second = await cloud.prepare({ request: REQUEST });
    expect(second.standing).toBe(true);
    await cloud.send(
      { proposalId: second.id, bodySha256: second.bodySha256, alwaysAllowSite: false },
      () => undefined,
      new AbortController().signal,
    );
    expect((await listAudit(db)).map((r) => r.consent)).toEqual(['site', 'site']);
    // Revoked between preview and (automatic) send: the gate refuses, nothing leaves.
    const third = await cloud.prepare({ request: REQUEST });
    expect(third.standing).toBe(true);
    await db.consents.delete('course.example.edu');
    const error = await failure(
      cloud.send(
        { proposalId: third.id, bodySha256: third.bodySha256, alwaysAllowSite: false },
        () => undefined,
        new AbortController().signal,
      ),
    );
    expect(error.message).toMatch(/revoked/);
    expect(sent).toHaveLength(2);
    expect((await listAudit(db)).length).toBe(2);
    expect((await service().prepare({ request: REQUEST })).standing).toBe(false);
  });
});
