// The summarize prompt, built outside Locus by Locus's own builder (lib/tasks/summary-prompt.ts,
// loaded with tsx), so the raw side can run exactly the prompt Locus ran: the single pass of
// lib/tasks/summarize-task.ts (`summaryMessages(input, text, false, window)`). compare.mjs checks it by
// comparing prompt token counts, and fails loudly if Locus ran another prompt.
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { repoRoot } from '../support/shared-data.mjs';

const load = (rel) => tsImport(path.join(repoRoot, rel), import.meta.url);
const prompts = await load('lib/tasks/prompts.ts');
const { SUMMARY_MODE_SPECS, summaryMessages } = await load('lib/tasks/summary-prompt.ts');

/**
 * The chat messages of a single-pass summary of `page`, as Locus builds them.
 * @param {{ mode: string, outputLanguage: string, page: { title: string, lang: string, text: string } }} request
 *   the `summarize` task request Locus sent (seen on the panel's engine port)
 * @param {number} contextWindow the model's window in the catalog
 */
export function summarizeMessages(request, contextWindow) {
  return summaryMessages(request, request.page.text.trim(), false, contextWindow);
}

/**
 * New tokens Locus asks for in a single-pass summary: the mode's budget for this window, under the
 * benchmark build's cap (WXT_LOCUS_MAX_NEW_TOKENS, lib/tasks/answer-cap.ts).
 */
export function summarizeMaxNewTokens(mode, contextWindow, cap) {
  const budget = prompts.answerBudget(SUMMARY_MODE_SPECS[mode].maxNewTokens, contextWindow);
  return cap > 0 ? Math.min(cap, budget) : budget;
}
