/**
 * A PDF page's text items (pdf.js `getTextContent`) as readable text in the shape the rest of Locus
 * expects (see lib/capture/dom-text.ts): paragraphs separated by blank lines, headings marked '#'.
 * Lines are rebuilt from the items' end-of-line flags and baselines; a gap between lines wider than
 * the line height starts a paragraph; a line in a clearly larger font is a heading; a word cut by a
 * hyphen at a line end is joined again; lines that are only a page number are dropped.
 */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: e, f the origin; d about the font size. */
  transform: number[];
  height: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

const PAGE_NUMBER = /^\s*(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:of|\/|de|von)\s*\d{1,4})?\s*$/i;

function sizeOf(item: PdfTextItem): number {
  const t = item.transform;
  return Math.abs(item.height) || Math.hypot(t[2] ?? 0, t[3] ?? 0) || 10;
}

export function itemsToLines(items: readonly PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    const size = sizeOf(item);
    // A jump of baseline without an end-of-line flag is a new line too.
    if (current && Math.abs(current.y - y) > Math.max(current.size, size) * 0.5 && item.str.trim()) {
      lines.push(current);
      current = null;
    }
    if (!current) current = { text: '', y, size: 0 };
    current.text += item.str;
    if (item.str.trim()) current.size = Math.max(current.size, size);
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines
    .map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() }))
    .filter((l) => l.text.length > 0 && !PAGE_NUMBER.test(l.text));
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function joinLine(paragraph: string, line: string): string {
  if (!paragraph) return line;
  // "experi-" + "ment" → "experiment"; "Well-" + "Known" → "Well-Known".
  if (/[\p{L}]-$/u.test(paragraph) && /^\p{Ll}/u.test(line)) return paragraph.slice(0, -1) + line;
  if (/[\p{L}]-$/u.test(paragraph) && /^\p{L}/u.test(line)) return paragraph + line;
  return `${paragraph} ${line}`;
}

export function pageText(items: readonly PdfTextItem[], bodySize?: number): string {
  const lines = itemsToLines(items);
  if (!lines.length) return '';
  const body = bodySize ?? median(lines.map((l) => l.size));
  const blocks: string[] = [];
  let paragraph = '';
  let previous: Line | null = null;
  const flush = () => {
    if (paragraph) blocks.push(paragraph);
    paragraph = '';
  };
  for (const line of lines) {
    const heading = body > 0 && line.size >= body * 1.3 && line.text.length <= 120;
    if (heading) {
      flush();
      // A heading over two lines (same size, right below) stays one heading.
      const last = blocks.at(-1);
      if (previous && last?.startsWith('## ') && Math.abs(previous.size - line.size) < 0.5 && previous.y - line.y <= line.size * 1.6)
        blocks[blocks.length - 1] = `${last} ${line.text}`;
      else blocks.push(`## ${line.text}`);
      previous = line;
      continue;
    }
    if (previous) {
      const gap = previous.y - line.y;
      const lineHeight = Math.max(previous.size, line.size);
      // A wide gap, or a line above the previous one (a new column), starts a paragraph.
      if (gap > lineHeight * 1.65 || gap < -lineHeight) flush();
      if (previous.size >= body * 1.3) flush();
    }
    paragraph = joinLine(paragraph, line.text);
    previous = line;
  }
  flush();
  return blocks.join('\n\n');
}

/** The body font size of a whole document (the commonest line size), so headings compare across pages. */
export function documentBodySize(pages: ReadonlyArray<readonly PdfTextItem[]>): number {
  const counts = new Map<number, number>();
  for (const items of pages)
    for (const line of itemsToLines(items)) counts.set(Math.round(line.size), (counts.get(Math.round(line.size)) ?? 0) + line.text.length);
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of counts) if (count > bestCount) [best, bestCount] = [size, count];
  return best;
}
