/** The student's selection, quoted as they will recognise it (long ones shortened on screen only). */
export function QuoteBlock({ text, source }: { text: string; source?: string }) {
  const shown = text.length > 700 ? `${text.slice(0, 700).trimEnd()} …` : text;
  return (
    <figure class="quote">
      <blockquote dir="auto">{shown}</blockquote>
      {source ? <figcaption class="muted">{source}</figcaption> : null}
    </figure>
  );
}
