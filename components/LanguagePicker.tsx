import { settings } from '../lib/panel/settings-state';
import { setAnswerLanguage } from '../lib/panel/study-settings';
import { ANSWER_LANGUAGES } from '../lib/settings/languages';

/** "Answer in": the page's language (default) or one the student picks; kept in settings. */
export function LanguagePicker({ disabled }: { disabled?: boolean }) {
  const value = settings.value.answerLanguage;
  return (
    <label class="language-picker">
      Answer in{' '}
      <select
        name="answerLanguage"
        value={value}
        disabled={disabled}
        onChange={(e) => void setAnswerLanguage((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">the page's language</option>
        {ANSWER_LANGUAGES.map((l) => (
          <option value={l.tag} key={l.tag}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
