/**
 * Follow-up questions on a page that fits whole: the whole page (and its summary) is in the stable
 * system message, so a follow-up's prompt starts with exactly the previous prompt's system message
 * and page, and the engine processes only the conversation and the new question again. Pages that
 * do not fit keep the split (beginning in the system message, the question's passages after).
 * Checked on the tests' counting fake (an 8k window, as SmolLM2's) and on the real stories260K
 * engine, whose prompt cache must really skip the shared part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Engine } from '../../lib/engine-api/engine';
import { buildChatPrompt, type ChatTaskInput } from '../../lib/tasks/chat-task';
import { FakeEngine } from '../support/fake-engine';
import { nodeEngine } from '../support/node-engine';

const page = { url: 'https://ocw.example/geology', title: 'Introduction to Geology', lang: 'en' };
const paragraph = (i: number) =>
  `Paragraph ${i}: rivers carry sand and silt down to the sea, where deltas form and the coast slowly grows outwards.`;
/** About `words` words of page text in paragraphs, ending with a marker to look for. */
const pageText = (words: number) =>
  [
    ...Array.from({ length: Math.ceil(words / 20) }, (_, i) => paragraph(i)),
    'The LAST paragraph: field trips go to the Mississippi delta.',
  ].join('\n\n');

function input(over: Partial<ChatTaskInput> = {}): ChatTaskInput {
  return { page: { ...page, text: '' }, summary: '', history: [], question: 'How is the course graded?', outputLanguage: '', ...over };
}

/** A chat template's rendering (what the engines tokenize): each message between role markers. */
const render = (messages: ChatMessage[]) => messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** The first question and a follow-up after its answer, on the same page and summary. */
async function twoQuestions(engine: Engine, text: string, summary = 'A geology course about rivers and deltas.') {
  const first = await buildChatPrompt(input({ page: { ...page, text }, summary, question: 'How is the course graded?' }), engine);
  const history = [
    { role: 'user' as const, content: 'How is the course graded?' },
    { role: 'assistant' as const, content: 'Problem sets and two exams, as the page says in its grading section.' },
  ];
  const second = await buildChatPrompt(
    input({ page: { ...page, text }, summary, history, question: 'Where do the field trips go?' }),
    engine,
  );
  return { first, second };
}

describe('chat on a page that fits whole (counting fake, 8k window)', () => {
  it('puts the whole page and its summary in the system message, the same bytes for every question', async () => {
    const engine = new FakeEngine({ contextWindow: 8192 });
    const { first, second } = await twoQuestions(engine, pageText(1800));
    const system = first.messages[0]!.content;
    expect(system).toContain('Summary of the page:');
    expect(system).toContain('A geology course about rivers and deltas.');
    expect(system).toContain('Paragraph 0:');
    expect(system).toContain('The LAST paragraph: field trips go to the Mississippi delta.');
    // No per-question passages: the question's part is the question only.
    for (const built of [first, second]) {
      expect(built.messages.at(-1)!.content).not.toContain('More of the page');
      expect(built.passagesUsed).toBe(built.passagesTotal);
    }
    // The rendered prompts share the whole system message (rules, summary, whole page) as a prefix.
    const shared = commonPrefix(render(first.messages), render(second.messages));
    expect(shared).toBeGreaterThanOrEqual(render([first.messages[0]!]).length);
    expect(second.messages[0]!.content).toBe(system);
    expect(second.messages.slice(1, -1).map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(second.messages.at(-1)!.content).toMatch(/The student's question: Where do the field trips go\?$/);
  });

  it('keeps the split for a page that does not fit: its beginning stable, the matching passages per question', async () => {
    const engine = new FakeEngine({ contextWindow: 8192 });
    const { first, second } = await twoQuestions(engine, pageText(6000));
    expect(second.messages[0]!.content).toBe(first.messages[0]!.content);
    expect(first.messages[0]!.content).toContain('Paragraph 0:');
    expect(first.messages[0]!.content).not.toContain('The LAST paragraph');
    expect(second.messages.at(-1)!.content).toContain('More of the page');
    expect(second.messages.at(-1)!.content).toContain('The LAST paragraph: field trips go to the Mississippi delta.');
  });

  it('a page that fits only without room for the conversation is split', async () => {
    const engine = new FakeEngine({ contextWindow: 8192 });
    // ~2,700 words: within the material budget, not within what the conversation's share leaves.
    const { first } = await twoQuestions(engine, pageText(2700));
    expect(first.messages[0]!.content).not.toContain('The LAST paragraph');
    expect(first.messages.at(-1)!.content).toContain('More of the page');
  });

  it('a question too long to sit beside the whole page gets the split page, and fits', async () => {
    const engine = new FakeEngine({ contextWindow: 8192 });
    const question = `${'Please explain every step of the grading, the readings and the trips in detail. '.repeat(100)}Why?`;
    const built = await buildChatPrompt(input({ page: { ...page, text: pageText(1800) }, question }), engine);
    const prompt = await engine.countPromptTokens(built.messages);
    expect(prompt + built.maxNewTokens).toBeLessThanOrEqual(engine.info.contextWindow);
    expect(built.messages[0]!.content).not.toContain('The LAST paragraph');
    expect(built.messages.at(-1)!.content).toMatch(/Why\?$/);
  });
});

describe('a follow-up on the real stories260K engine (512-token window)', () => {
  let harness: Awaited<ReturnType<typeof nodeEngine>>;
  beforeAll(async () => {
    harness = await nodeEngine('stories260K', 'q4');
  });
  afterAll(async () => {
    await harness?.dispose();
  });

  it('reuses the cached system message and whole page, and processes only its own turn', async () => {
    const engine = harness.engine;
    const text = 'Lily and Ben went to the park. They played with a big red ball near the pond. Then it rained, and they ran home.';
    const { first, second } = await twoQuestions(engine, text, 'Two children play in the park.');
    expect(first.messages[0]!.content).toContain('they ran home.');
    expect(second.messages[0]!.content).toBe(first.messages[0]!.content);

    await engine.forgetPrompt();
    const answer = await engine.generate({ messages: first.messages, maxNewTokens: first.maxNewTokens });
    expect(answer.reusedPromptTokens).toBe(0);
    const followUp = await engine.generate({ messages: second.messages, maxNewTokens: 8 });
    // The system message alone, as the chat template renders it (less the assistant header it adds).
    const systemTokens = await engine.countPromptTokens([first.messages[0]!]);
    const reused = followUp.reusedPromptTokens ?? 0;
    expect(reused).toBeGreaterThanOrEqual(systemTokens - 6);
    expect(reused).toBeLessThan(followUp.promptTokens);
    expect(followUp.promptTokens - reused).toBeLessThan(followUp.promptTokens / 2);
  });
});
