import { t } from '../lib/i18n/t';
import { settings } from '../lib/panel/settings-state';
import { answerOverride } from '../lib/panel/study-settings';
import { ANSWER_LANGUAGES, nativeName } from '../lib/settings/languages';

/** The choice of "Answer in" kept in Settings, in words: "the page's language" or a language's own name. */
export function defaultAnswerText(): string {
  const tag = settings.value.answerLanguage;
  return tag ? nativeName(tag) : t('study_pageLanguage');
}

/**
 * "Answer in", for the answers asked for here: as set in Settings → Study tools (the first choice),
 * or another language for now. One small control where an answer is asked for.
 */
export function LanguagePicker({ disabled }: { disabled?: boolean }) {
  return (
    <label class="language-picker">
      {t('study_answerIn')}{' '}
      <select
        name="answerLanguage"
        value={answerOverride.value}
        disabled={disabled}
        onChange={(e) => (answerOverride.value = (e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{t('study_asInSettings', defaultAnswerText())}</option>
        {ANSWER_LANGUAGES.map((l) => (
          <option value={l.tag} key={l.tag} lang={l.tag}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
