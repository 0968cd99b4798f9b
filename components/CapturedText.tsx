import type { ComponentChildren } from 'preact';

/** "What Locus read": the text given to the model, so a student can check it (a PDF especially). */
export function CapturedText({ text, mark }: { text: string; mark?: ComponentChildren }) {
  const shown = text.length > 30_000 ? `${text.slice(0, 30_000)}\n…` : text;
  return (
    <details class="captured-text">
      <summary>Text Locus read{mark}</summary>
      <pre dir="auto">{shown}</pre>
    </details>
  );
}
