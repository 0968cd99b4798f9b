// The summarize prompt, rebuilt outside Locus from Locus's own building blocks (lib/tasks, loaded
// with tsx), so the raw side can run exactly the prompt Locus ran. It mirrors the single-pass branch
// of lib/tasks/summarize.ts (`finalMessages(input, text, false, window)`); run.mjs checks the
// mirror by comparing prompt token counts, and fails loudly if Locus's recipe has changed.
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { repoRoot } from '../support/shared-data.mjs';

const load = (rel) => tsImport(path.join(repoRoot, rel), import.meta.url);
const prompts = await load('lib/tasks/prompts.ts');
const { SUMMARY_MODE_SPECS } = await load('lib/tasks/summarize.ts');

/**
 * The chat messages of a single-pass summary of `page`, as Locus builds them.
 * @param {{ mode: string, outputLanguage: string, page: { title: string, lang: string, text: string } }} request
 *   the `summarize` task request Locus sent (seen on the panel's engine port)
 * @param {number} contextWindow the model's window in the catalog
 */
export function summarizeMessages(request, contextWindow) {
  const spec = SUMMARY_MODE_SPECS[request.mode];
  const body = request.page.text.trim();
  return prompts.chat(
    prompts.systemPrompt(contextWindow),
    `${prompts.documentBlock(request.page.title, body)}\n\n${spec.instruction}${prompts.answerLanguageClause(request.outputLanguage, request.page.lang)}`,
  );
}

/**
 * New tokens Locus asks for in a single-pass summary: the mode's budget for this window, under the
 * benchmark build's cap (WXT_LOCUS_MAX_NEW_TOKENS, lib/tasks/answer-cap.ts).
 */
export function summarizeMaxNewTokens(mode, contextWindow, cap) {
  const budget = prompts.answerBudget(SUMMARY_MODE_SPECS[mode].maxNewTokens, contextWindow);
  return cap > 0 ? Math.min(cap, budget) : budget;
}
