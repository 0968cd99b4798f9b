import { settings } from '../lib/panel/settings-state';
import { setSelectionButton, setStudentLanguage } from '../lib/panel/study-settings';
import { ANSWER_LANGUAGES } from '../lib/settings/languages';

/** The study tools' own settings (a Settings section): the toolbar on pages, and the student's language. */
export function StudySettings() {
  const s = settings.value;
  return (
    <section class="view study-settings" aria-label="Study tools">
      <h2>Selections and language</h2>
      <label class="check">
        <input
          type="checkbox"
          name="selectionButton"
          checked={s.selectionButton}
          onChange={(e) => void setSelectionButton((e.currentTarget as HTMLInputElement).checked)}
        />
        Show the Locus buttons next to text I select on a page
      </label>
      <label class="field">
        My language (first in "Translate to…")
        <select
          name="studentLanguage"
          value={s.studentLanguage}
          onChange={(e) => void setStudentLanguage((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">The browser's language</option>
          {ANSWER_LANGUAGES.map((l) => (
            <option value={l.tag} key={l.tag}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <p class="muted">
        Shortcuts: Alt+Shift+E explains the selection, Alt+Shift+H gives a hint. Change them at chrome://extensions/shortcuts.
      </p>
    </section>
  );
}
