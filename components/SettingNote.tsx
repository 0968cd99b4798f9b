/** What became of a setting the student just changed ("Saved.", or why not), read out when it changes. */
export function SettingNote({ note }: { note: string }) {
  return (
    <p class="muted setting-note" role="status">
      {note}
    </p>
  );
}
