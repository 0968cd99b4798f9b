import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n/t';
import { SettingNote } from './SettingNote';

/**
 * A labelled select that saves its setting as soon as it changes, and says whether it was saved
 * (the note sits outside the label, so the select's accessible name stays the label alone).
 */
export function SettingSelect(props: {
  name: string;
  label: string;
  value: string;
  save: (value: string) => Promise<boolean>;
  children: ComponentChildren;
}) {
  const note = useSignal({ text: '', ok: true });
  const change = async (value: string) => {
    const ok = await props.save(value);
    note.value = { text: ok ? t('study_saved') : t('study_notSaved'), ok };
  };
  return (
    <>
      <label class="field">
        {props.label}
        <select name={props.name} value={props.value} onChange={(e) => void change((e.currentTarget as HTMLSelectElement).value)}>
          {props.children}
        </select>
      </label>
      <SettingNote note={note.value.text} ok={note.value.ok} />
    </>
  );
}
