// The study views say nothing in bare English: every word a student reads (JSX text, the strings a
// JSX expression shows, and the title / aria-label / placeholder / alt / label attributes) comes from
// t() or tn() (lib/i18n/t.ts). The TypeScript parser reads each file, so a string inside t('…') or
// passed to a function is not mistaken for shown text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const components = path.join(import.meta.dirname, '../../components');
/** The study views and the parts they are made of. */
const STUDY_FILES = [
  'AskView',
  'ChatView',
  'HintsView',
  'QuizView',
  'ReviewView',
  'ReviewSettings',
  'SummarizeView',
  'StudyThread',
  'MoreTools',
  'ToolView',
  'RunProgress',
  'ProgressBar',
  'StatusLine',
  'TaskStatus',
  'CapturedText',
  'DeckList',
  'PracticeCard',
  'QuoteBlock',
  'MarkdownOutput',
  'LanguagePicker',
  'StudySettings',
  'SettingSelect',
  'SettingNote',
  'NumberSetting',
  'RunButton',
  'ErrorBox',
  'LibraryView',
  'LibraryAsk',
  'LibraryList',
  'LibrarySave',
  'LibrarySettings',
  'StorageNotice',
];
const SHOWN_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label']);
/** Names that are the same words in every language. */
const NAMES = /^(Locus|PDF|Markdown|Anki)$/;
/** Words in a string: two letters in a row, not a name, not an example host name ("canvas.university.edu"). */
const hasWords = (text: string) => {
  const words = text.replace(/[\s·…:(),.\-–—/]+/g, ' ').trim();
  if (!/\p{L}{2}/u.test(words)) return false;
  if (/^[\w-]+(\.[\w-]+)+$/.test(text.trim())) return false;
  return !words.split(' ').every((w) => NAMES.test(w) || !/\p{L}{2}/u.test(w));
};

/** Strings an expression in JSX shows as they are (through ?:, &&, ||, ??, parentheses and templates). */
function shownStrings(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  if (ts.isParenthesizedExpression(node)) return shownStrings(node.expression);
  if (ts.isConditionalExpression(node)) return [...shownStrings(node.whenTrue), ...shownStrings(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(
      node.operatorToken.kind,
    )
  )
    return [...shownStrings(node.left), ...shownStrings(node.right)];
  return [];
}

/** Bare English in one file: "line: text". */
export function bareText(source: string, file = 'view.tsx'): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (hasWords(text)) found.push(`${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text.trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const s of shownStrings(node.expression)) report(node, s);
    }
    if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(node, init.text);
      else if (ts.isJsxExpression(init) && init.expression) for (const s of shownStrings(init.expression)) report(node, s);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('the scan itself', () => {
  test('finds bare words in text, in shown expressions and in attributes; passes t() calls, names and symbols', () => {
    const source = `
      const a = <p title="Open it">Hello there {x ? 'Next card' : t('quiz_done')} · {n} …</p>;
      const b = <input placeholder={t('chat_placeholder')} aria-label={busy ? 'Working' : ''} />;
      const c = <span>{t('ask_ask')} PDF · {\`\${n} left\`}</span>;
      const d = <textarea placeholder="canvas.university.edu" />;`;
    expect(bareText(source)).toEqual(['2: Open it', '2: Hello there', '2: Next card', '3: Working', '4: left']);
  });
});

describe('the study views', () => {
  test.each(STUDY_FILES)('%s.tsx has no bare English', (name) => {
    const file = path.join(components, `${name}.tsx`);
    expect(bareText(readFileSync(file, 'utf8'), file)).toEqual([]);
  });
});
