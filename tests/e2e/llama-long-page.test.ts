// A long page through the llama.cpp engine: Locus's summarize task on a ~2,200-token page, in one
// prompt of about 17 llama.cpp batches (128 tokens each), with an architecture-exact SmolLM2-135M
// stand-in (random weights, Q8_0, its window 8,192 tokens; ../shared/tools/make-gguf.py writes it in
// ~15 s when it is not in ~/.cache/locus/gguf). Random weights stream arbitrary bytes, so this is where
// wllama failed with "Invalid typed array length: 1163217991" (llama.cpp wrote invalid UTF-8 and wllama's
// strict JSON dump threw, issue 12) before Locus's grammar and banned tokens (llamacpp-engine.ts).
// The page's console is kept: the C++ exception is logged there.
// The summary is started in the page and waited on by its progress: it takes minutes on a busy CPU.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureGgufStandins } from '../bench/standins.mjs';
import { UI, llamaAnswerDeadline, llamaPromptDeadline } from '../support/deadlines.mjs';
import { closeAll } from '../support/e2e-setup.mjs';
import { openLlamaPage, type LlamaPageSession } from '../support/llama-page';
import { startPageServer } from '../support/page-server.mjs';
import { sharedPath } from '../support/shared-data.mjs';
import { until } from '../support/until.mjs';
import { llamaCppThreads } from '../../lib/catalog/cpu-threads';
import { SUMMARY_MODE_SPECS } from '../../lib/tasks/summary-prompt';

const PAGE_TOKENS = 2_200;
/** The TL;DR's answer cap (Locus's own): random weights may write up to it. */
const ANSWER_TOKENS = SUMMARY_MODE_SPECS.tldr.maxNewTokens;
/** The page plus Locus's instructions and the chat template: an outer bound for the test's own timeout. */
const PROMPT_BOUND = Math.ceil(PAGE_TOKENS * 1.2);
const STANDIN = 'SmolLM2-135M-Instruct-STANDIN-Q8_0.gguf';

/** Real course prose for the page: paragraphs and list items of three course pages, in order. */
const SOURCES = [
  'data/course-pages/17-40-american-foreign-policy-past-present-and-future-fall-2004/004-syllabus.html',
  'data/course-pages/8-01sc-classical-mechanics-fall-2016/003-syllabus.html',
  'data/course-pages/17-40-american-foreign-policy-past-present-and-future-fall-2004/029-readings.html',
];

function paragraphs(): string {
  return SOURCES.flatMap((relative) =>
    [...readFileSync(sharedPath(relative), 'utf8').matchAll(/<(p|li)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) =>
      m[2]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&[a-z]+;|&#\d+;/g, "'")
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  )
    .filter((p) => p.split(' ').length >= 6)
    .join('\n\n');
}

interface Progress {
  phase: 'idle' | 'running' | 'done' | 'error';
  streamed: string;
  steps: Array<{ promptTokens: number; outputTokens: number; finish: string }>;
  parts?: number;
  error?: string;
}
type LlamaPage = {
  loadStandin: (file: string, quant: string, threads: number) => Promise<void>;
  pageOfTokens: (text: string, tokens: number) => Promise<{ text: string; tokens: number }>;
  startSummary: (title: string, text: string) => void;
  summaryPromptTokens: (title: string, text: string) => Promise<number>;
  summaryProgress: () => Progress;
};
const TITLE = 'American Foreign Policy: syllabus and readings';

let pages: Awaited<ReturnType<typeof startPageServer>>;
let s: LlamaPageSession['session'];
let page: Page;
/** The page's console (wllama logs llama.cpp's errors there), shown when the summary fails. */
let consoleLines: string[] = [];
const consoleSaid = () => consoleLines.slice(-20).join('\n');
beforeAll(async () => {
  const { Q8_0: file } = ensureGgufStandins('smollm2-135m', ['Q8_0'], (line) => console.log(line));
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  ({ session: s, page, consoleLines } = await openLlamaPage(pages, { [`/gguf/${STANDIN}`]: file! }));
});
afterAll(() => closeAll(s, pages));

test(
  'a ~2,200-token page is summarized in one long prompt through llama.cpp, streaming valid text to the end',
  async () => {
    // The threads Locus's engine host gives llama.cpp on this machine.
    const threads = llamaCppThreads(os.availableParallelism());
    await page.evaluate((f, n) => (window as unknown as { locusLlama: LlamaPage }).locusLlama.loadStandin(f, 'Q8_0', n), STANDIN, threads);
    const study = await page.evaluate(
      (text, n) => (window as unknown as { locusLlama: LlamaPage }).locusLlama.pageOfTokens(text, n),
      paragraphs(),
      PAGE_TOKENS,
    );
    expect(study.tokens).toBeGreaterThan(PAGE_TOKENS * 0.95);
    const promptTokens = await page.evaluate(
      (title, text) => (window as unknown as { locusLlama: LlamaPage }).locusLlama.summaryPromptTokens(title, text),
      TITLE,
      study.text,
    );
    expect(promptTokens).toBeLessThanOrEqual(PROMPT_BOUND);
    const started = Date.now();
    await page.evaluate(
      (title, text) => (window as unknown as { locusLlama: LlamaPage }).locusLlama.startSummary(title, text),
      TITLE,
      study.text,
    );
    const progress = () => page.evaluate(() => (window as unknown as { locusLlama: LlamaPage }).locusLlama.summaryProgress());
    // Waited on from Node with short calls: a puppeteer waitForFunction is one DevTools call as long
    // as its wait, cut by the protocol timeout (600 s) however long its own deadline is.
    // What a failure reports: the phase, how far the answer got, and the time taken so far.
    const said = async () => {
      const p = await progress();
      return `${JSON.stringify({ ...p, streamed: `${p.streamed.length} characters` })} after ${((Date.now() - started) / 1000).toFixed(0)} s (${threads} thread(s), load average ${os.loadavg()[0]!.toFixed(1)})`;
    };
    // Progress: the first words arrive once the whole prompt went through llama.cpp, batch after batch.
    await until(
      async () => {
        const p = await progress();
        return p.streamed.length > 0 || p.phase !== 'running';
      },
      {
        timeoutMs: llamaPromptDeadline(promptTokens),
        every: 1_000,
        what: async () => `no word of the summary yet: ${await said()}\n${consoleSaid()}`,
      },
    );
    expect((await progress()).error, consoleSaid()).toBeUndefined();
    const firstWord = Date.now();
    console.log(`${promptTokens} prompt tokens to the first word: ${((firstWord - started) / 1000).toFixed(0)} s`);
    // Done: the answer streamed to its end (random weights: up to the answer cap, or an early end token).
    await until(async () => (await progress()).phase !== 'running', {
      timeoutMs: llamaAnswerDeadline(ANSWER_TOKENS),
      every: 1_000,
      what: async () => `the summary did not end: ${await said()}\n${consoleSaid()}`,
    });
    const done = await progress();
    const seconds = (ms: number) => (ms / 1000).toFixed(0);
    console.log(
      `${threads} thread(s), load average ${os.loadavg()[0]!.toFixed(1)}: ${promptTokens} prompt tokens in ${seconds(firstWord - started)} s, ${done.steps[0]?.outputTokens} answer tokens in ${seconds(Date.now() - firstWord)} s`,
    );
    expect(done.error, consoleSaid()).toBeUndefined();
    expect(done.phase).toBe('done');
    // llama.cpp never wrote invalid UTF-8: no strict-dump exception (type_error.316) was logged.
    expect(consoleLines.filter((line) => /type_error\.316|invalid UTF-8|Invalid typed array length/i.test(line))).toEqual([]);
    expect(done.parts).toBe(1); // one prompt: the page fits the stand-in's window
    expect(done.steps).toHaveLength(1);
    expect(done.steps[0]!.promptTokens).toBeGreaterThan(study.tokens); // the page plus Locus's instructions
    expect(done.steps[0]!.outputTokens).toBeGreaterThan(0);
    expect(done.streamed.length).toBeGreaterThan(0);
    expect(done.streamed).not.toContain('\uFFFD');
    expect(s.requests.outside()).toEqual([]); // the stand-in and wllama came from 127.0.0.1
  },
  llamaPromptDeadline(PROMPT_BOUND) + llamaAnswerDeadline(ANSWER_TOKENS) + 3 * UI,
);
