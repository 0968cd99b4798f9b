/**
 * Where the text of a cloud request comes from, for the names it may keep as written
 * (lib/privacy/kept-names.ts): the page the student is studying, or the student's own words.
 *
 * - Summarize: the captured page (title and text) is page text; there are no words of the student's.
 * - Highlight-and-ask on page text: the selection, the section around it and the title are page
 *   text; the typed question is the student's own.
 * - Highlight-and-ask inside a text field: the selection is the student's writing, and so is the
 *   section around it (an editable document's neighbouring paragraphs are theirs too); only the
 *   page's title is page text. The question is theirs.
 * - A library answer's question asked again: the kept passages (their pages' titles, headings and
 *   text) are page text; the question is the student's own.
 * - A question about the page: the page (title and text) and the model's earlier answers about it
 *   are page text; the question and the student's earlier turns are their own.
 * - A hint (from a hint card): nothing counts as page text, so no name is kept as written: a typed
 *   problem is the student's own writing, and the request does not say where its problem came from.
 */
import type { TaskRequest } from '../messaging/engine-protocol';
import type { NameSources } from '../privacy/kept-names';

export function nameSourcesOf(request: TaskRequest): NameSources {
  switch (request.kind) {
    case 'summarize':
      return { page: `${request.page.title}\n${request.page.text}`, own: [] };
    case 'selection':
      return request.inEditable
        ? { page: request.page.title, own: [request.question, request.selection, request.context] }
        : { page: `${request.page.title}\n${request.selection}\n${request.context}`, own: [request.question] };
    case 'chat':
      return {
        page: [request.page.title, request.page.text, ...request.history.filter((t) => t.role === 'assistant').map((t) => t.content)].join(
          '\n',
        ),
        own: [request.question, ...request.history.filter((t) => t.role === 'user').map((t) => t.content)],
      };
    case 'library.question':
      // The passages come from the student's saved pages: page text, as a summary's page is.
      return { page: request.passages.map((p) => `${p.title}\n${p.headings.join('\n')}\n${p.text}`).join('\n'), own: [request.question] };
    default:
      // Other features are not offered to the cloud; were one added, nothing of it counts as page text.
      return { page: '', own: [] };
  }
}
