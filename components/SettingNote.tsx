/**
 * What became of a setting the student just changed: "Saved." quietly, a refusal (why it was not
 * saved) in the error colour so it is not missed. Read out when it changes.
 */
export function SettingNote({ note, ok }: { note: string; ok: boolean }) {
  return (
    <p class={ok ? 'muted setting-note' : 'setting-note refused'} role="status">
      {note}
    </p>
  );
}
