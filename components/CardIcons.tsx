/**
 * The card row's two icons, drawn in the text colour. Hidden from assistive technology: each icon
 * button has its name (aria-label) and its tooltip (title) in words.
 */
const ICON = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true } as const;
const STROKE = {
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 1.5,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

/** Two sheets: copy. */
export function CopyIcon() {
  return (
    <svg {...ICON} {...STROKE}>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 3V3.5M2.5 10.5V4A1.5 1.5 0 0 1 4 2.5H10" />
    </svg>
  );
}

/** A tick: copied. */
export function DoneIcon() {
  return (
    <svg {...ICON} {...STROKE}>
      <path d="M3 8.5L6.5 12L13 4.5" />
    </svg>
  );
}

/** A bin: remove. */
export function RemoveIcon() {
  return (
    <svg {...ICON} {...STROKE}>
      <path d="M2.5 4.5H13.5M6.5 4.5V2.5H9.5V4.5M4 4.5L4.75 13.5H11.25L12 4.5M6.75 7V11M9.25 7V11" />
    </svg>
  );
}
