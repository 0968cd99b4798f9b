import { t } from '../lib/i18n/t';
import { settings } from '../lib/panel/settings-state';
import { setAnswerLanguage, setSelectionButton, setStudentLanguage } from '../lib/panel/study-settings';
import { ANSWER_LANGUAGES } from '../lib/settings/languages';

function LanguageOptions() {
  return (
    <>
      {ANSWER_LANGUAGES.map((l) => (
        <option value={l.tag} key={l.tag} lang={l.tag}>
          {l.name}
        </option>
      ))}
    </>
  );
}

/** The study tools' own settings (a Settings section): the toolbar on pages, answers' language, the student's language. */
export function StudySettings() {
  const s = settings.value;
  return (
    <section class="view study-settings" aria-label={t('study_settingsLabel')}>
      <h2>{t('study_settingsHeading')}</h2>
      <label class="check">
        <input
          type="checkbox"
          name="selectionButton"
          checked={s.selectionButton}
          onChange={(e) => void setSelectionButton((e.currentTarget as HTMLInputElement).checked)}
        />
        {t('study_selectionButton')}
      </label>
      <label class="field">
        {t('study_answerInSetting')}
        <select
          name="defaultAnswerLanguage"
          value={s.answerLanguage}
          onChange={(e) => void setAnswerLanguage((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t('study_pageLanguage')}</option>
          <LanguageOptions />
        </select>
      </label>
      <label class="field">
        {t('study_myLanguage')}
        <select
          name="studentLanguage"
          value={s.studentLanguage}
          onChange={(e) => void setStudentLanguage((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t('study_browserLanguage')}</option>
          <LanguageOptions />
        </select>
      </label>
      <p class="muted">{t('study_shortcuts')}</p>
    </section>
  );
}
