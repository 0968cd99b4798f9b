// The pages the benchmark asks Locus to summarize. For the Locus/raw comparison: a page cut from a
// real course page so that Locus's whole summarize prompt is about N tokens of the stand-in's
// tokenizer (a single pass: no map-reduce), since the stand-in tokenizers are synthetic and only
// token counts matter. For the end-to-end figure: a really long course page, as it is.
import { readFileSync } from 'node:fs';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { coursePageShell } from '../support/page-server.mjs';
import { sharedPath } from '../support/shared-data.mjs';
import { summarizeMessages } from './prompt.mjs';
import { standinsDir } from './standins.mjs';

export const SOURCE_PAGE = 'data/course-pages/17-40-american-foreign-policy-past-present-and-future-fall-2004/004-syllabus.html';
export const LONG_PAGE = { dir: '17-40-american-foreign-policy-past-present-and-future-fall-2004', file: '029-readings.html' };
const TITLE = 'American Foreign Policy: Syllabus';

const decode = (s) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&rsquo;|&lsquo;/g, "'");

/** The prose paragraphs of the source page, as words per paragraph. */
function sourceParagraphs() {
  const html = readFileSync(sharedPath(SOURCE_PAGE), 'utf8');
  return [...html.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)]
    .map((m) =>
      decode(m[1].replace(/<[^>]+>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim()
        .split(' '),
    )
    .filter((words) => words.length >= 12);
}

/** The first `n` words of the paragraphs, paragraph breaks kept. */
function firstWords(paragraphs, n) {
  const out = [];
  let left = n;
  for (const words of paragraphs) {
    if (left <= 0) break;
    out.push(words.slice(0, left).join(' '));
    left -= words.length;
  }
  return out;
}

/**
 * A study page whose summarize prompt (system prompt, chat template and page included) is close to
 * `targetTokens` for `model`'s tokenizer. Locus captures it with Readability, so its own count can
 * differ by a few tokens: the benchmark reports the count Locus actually ran.
 * @param {import('./models.mjs').BenchModel} model
 */
export async function pageForPromptTokens(model, targetTokens, mode) {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${standinsDir}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(model.hubId);
  const paragraphs = sourceParagraphs();
  const countFor = (n) => {
    const text = firstWords(paragraphs, n).join('\n\n');
    const messages = summarizeMessages({ mode, outputLanguage: '', page: { title: TITLE, lang: 'en', text } }, model.contextWindow);
    return tokenizer.apply_chat_template(messages, {
      add_generation_prompt: true,
      tokenize: true,
      return_tensor: false,
      return_dict: false,
    }).length;
  };
  const total = paragraphs.reduce((n, p) => n + p.length, 0);
  if (countFor(total) < targetTokens) throw new Error(`${SOURCE_PAGE} is too short for a ${targetTokens}-token prompt`);
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (countFor(mid) < targetTokens) lo = mid + 1;
    else hi = mid;
  }
  const body = firstWords(paragraphs, lo)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('\n');
  return { html: coursePageShell(TITLE, `<article>${body}</article>`), estimatedPromptTokens: countFor(lo), words: lo };
}
