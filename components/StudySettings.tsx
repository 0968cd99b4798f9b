import { useSignal } from '@preact/signals';
import { t } from '../lib/i18n/t';
import { saveOcrPageLimit } from '../lib/panel/ocr-limit-setting';
import { settings } from '../lib/panel/settings-state';
import { setAnswerLanguage, setSelectionButton, setStudentLanguage } from '../lib/panel/study-settings';
import { ANSWER_LANGUAGES } from '../lib/settings/languages';
import { OCR_PAGE_LIMIT } from '../lib/settings/settings';
import { NumberSetting } from './NumberSetting';
import { SettingNote } from './SettingNote';
import { SettingSelect } from './SettingSelect';

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

/**
 * How many pages of a scanned PDF are read at a time. The form does not use the browser's own
 * validation (its bubble would hide the number's bounds): Locus checks and says them. Editing the
 * number clears the last note, which spoke of the number before.
 */
function OcrPageLimit() {
  const draft = useSignal<string | null>(null);
  const note = useSignal({ text: '', ok: true });
  const save = async (e: Event) => {
    e.preventDefault();
    const saved = await saveOcrPageLimit(draft.value ?? String(settings.value.ocrPageLimit));
    note.value = { text: saved.note, ok: saved.ok };
  };
  return (
    <form class="ocr-limit-setting" noValidate onSubmit={(e) => void save(e)} onInput={() => (note.value = { text: '', ok: true })}>
      <NumberSetting
        name="ocrPageLimit"
        label={t('study_ocrPageLimit')}
        value={settings.value.ocrPageLimit}
        min={OCR_PAGE_LIMIT.min}
        max={OCR_PAGE_LIMIT.max}
        draft={draft}
      />
      <button type="submit">{t('study_saveOcrPageLimit')}</button>
      <SettingNote note={note.value.text} ok={note.value.ok} />
    </form>
  );
}

/** The study tools' own settings (a Settings section): the toolbar on pages, languages, scanned PDFs. */
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
      <SettingSelect name="defaultAnswerLanguage" label={t('study_answerInSetting')} value={s.answerLanguage} save={setAnswerLanguage}>
        <option value="">{t('study_pageLanguage')}</option>
        <LanguageOptions />
      </SettingSelect>
      <SettingSelect name="studentLanguage" label={t('study_myLanguage')} value={s.studentLanguage} save={setStudentLanguage}>
        <option value="">{t('study_browserLanguage')}</option>
        <LanguageOptions />
      </SettingSelect>
      <h3>{t('study_scannedHeading')}</h3>
      <OcrPageLimit />
      <p class="muted">{t('study_shortcuts')}</p>
    </section>
  );
}
