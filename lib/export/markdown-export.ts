/**
 * Decks and conversations as Markdown files a student keeps with their notes. Text that came from a
 * model or a page is escaped where Markdown would read it as structure (a heading, a list, a link),
 * so the file shows what the student saw.
 */
import { OPTION_LETTERS } from './anki-csv';
import type { DeckCard } from './deck';

/** Keeps a line of text from turning into Markdown structure (headings, lists, HTML, links). */
export function escapeMarkdownLine(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([`*_[\]<>|])/g, '\\$1')
    .replace(/^(\s*)(#{1,6}\s|[-+]\s|\d+[.)]\s|>)/, (_, space: string, mark: string) => `${space}\\${mark}`);
}

function escapeBlock(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((l) => escapeMarkdownLine(l))
    .join('  \n');
}

/**
 * A model's Markdown with raw HTML made inert (`<` as `&lt;`) outside code, so a Markdown viewer
 * shows the tags instead of running them; code keeps its text.
 */
export function neutralizeHtml(markdown: string): string {
  return markdown
    .split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;')))
    .join('');
}

function dateLine(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

export function deckToMarkdown(deck: { title: string; url: string; createdAt: number; cards: readonly DeckCard[] }): string {
  const out = [
    `# ${escapeMarkdownLine(deck.title || 'Locus deck')}`,
    '',
    `Source: <${deck.url}>  `,
    `Made with Locus on ${dateLine(deck.createdAt)} UTC, ${deck.cards.length} card${deck.cards.length === 1 ? '' : 's'}.`,
    '',
  ];
  for (const [i, card] of deck.cards.entries()) {
    out.push(`## ${i + 1}. ${escapeMarkdownLine(card.question.replace(/\s+/g, ' '))}`, '');
    if (card.kind === 'multiple-choice' && card.options?.length) {
      for (const [j, option] of card.options.entries())
        out.push(`- ${OPTION_LETTERS[j]}) ${escapeMarkdownLine(option)}${option === card.answer ? ' ✔' : ''}`);
      const index = card.options.indexOf(card.answer);
      out.push('', `**Answer:** ${index >= 0 ? `${OPTION_LETTERS[index]}) ` : ''}${escapeBlock(card.answer)}`, '');
    } else {
      out.push(`**Answer:** ${escapeBlock(card.answer)}`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function conversationToMarkdown(conversation: {
  title: string;
  url: string;
  messages: ReadonlyArray<{ role: 'user' | 'assistant'; content: string; at: number }>;
}): string {
  const out = [
    `# ${escapeMarkdownLine(conversation.title || conversation.url)}`,
    '',
    `Conversation with Locus about <${conversation.url}>`,
    '',
  ];
  for (const m of conversation.messages) {
    out.push(`### ${m.role === 'user' ? 'You' : 'Locus'} · ${dateLine(m.at)} UTC`, '');
    // The student's own words are escaped; the assistant's answers are Markdown already (as shown).
    out.push(m.role === 'user' ? escapeBlock(m.content) : neutralizeHtml(m.content.trim()), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
