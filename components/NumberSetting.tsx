import type { Signal } from '@preact/signals';

/**
 * A labelled whole-number field for a setting. What the student types stays in `draft` (null: not
 * edited, the stored value shows) until the form around it saves; the form checks the bounds.
 */
export function NumberSetting(props: {
  name: string;
  label: string;
  value: number;
  min: number;
  max: number;
  draft: Signal<string | null>;
}) {
  const { draft } = props;
  return (
    <label class="field">
      {props.label}
      <input
        type="number"
        name={props.name}
        min={props.min}
        max={props.max}
        step={1}
        value={draft.value ?? String(props.value)}
        onInput={(e) => (draft.value = (e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}
