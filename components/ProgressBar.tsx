import './progress.css';

/**
 * A bar with a line under it (what is done, and the time left once it can be told); without
 * `value` the bar moves without an end: work of unknown length, which must not look idle.
 */
export function ProgressBar({
  label,
  value,
  max,
  text,
  left,
  className = '',
  textClass = '',
}: {
  label: string;
  value?: number;
  max?: number;
  text: string;
  left?: string;
  className?: string;
  textClass?: string;
}) {
  return (
    <div class={`run-progress ${className}`.trim()}>
      {value === undefined ? <progress aria-label={label} /> : <progress aria-label={label} value={value} max={max} />}
      <div class={`run-progress-text ${textClass}`.trim()}>
        <span>{text}</span>
        {left ? <span class="time-left">{left}</span> : null}
      </div>
    </div>
  );
}
