import type { PanelState } from '../lib/panel/start-panel';
import { TabList, TabPanel, type TabSpec } from './TabList';
import { t } from '../lib/i18n/t';

/** The gear in the header: opens the settings, and closes them again. */
export function SettingsButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      class="settings-button"
      aria-label={t('settings_button')}
      aria-pressed={open}
      title={open ? t('settings_close') : t('settings_open')}
      onClick={onToggle}
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M19.14 12.94a7.1 7.1 0 0 0 0-1.88l2.03-1.58a.5.5 0 0 0 .12-.64l-1.92-3.32a.5.5 0 0 0-.6-.22l-2.39.96a7 7 0 0 0-1.63-.94l-.36-2.54a.5.5 0 0 0-.5-.42h-3.84a.5.5 0 0 0-.5.42l-.36 2.54a7 7 0 0 0-1.63.94l-2.39-.96a.5.5 0 0 0-.6.22L2.71 8.84a.5.5 0 0 0 .12.64l2.03 1.58a7.1 7.1 0 0 0 0 1.88l-2.03 1.58a.5.5 0 0 0-.12.64l1.92 3.32a.5.5 0 0 0 .6.22l2.39-.96c.5.39 1.05.7 1.63.94l.36 2.54a.5.5 0 0 0 .5.42h3.84a.5.5 0 0 0 .5-.42l.36-2.54a7 7 0 0 0 1.63-.94l2.39.96a.5.5 0 0 0 .6-.22l1.92-3.32a.5.5 0 0 0-.12-.64zM12 15.6a3.6 3.6 0 1 1 0-7.2 3.6 3.6 0 0 1 0 7.2z"
        />
      </svg>
    </button>
  );
}

/** The settings: their own row of tabs, and a way back to the study views. */
export function SettingsView(props: {
  state: PanelState;
  tabs: TabSpec<PanelState>[];
  current: string;
  onSelect: (id: string) => void;
  onBack: () => void;
}) {
  const { state, tabs, current, onSelect, onBack } = props;
  const open = tabs.find((t) => t.id === current) ?? tabs[0]!;
  return (
    <section class="settings" aria-labelledby="settings-title">
      <div class="settings-head">
        <button type="button" class="back" onClick={onBack}>
          {t('settings_back')}
        </button>
        <h2 id="settings-title">{t('settings_title')}</h2>
      </div>
      <TabList group="settings" label={t('settings_sections')} tabs={tabs} current={open.id} onSelect={onSelect} />
      <TabPanel group="settings" id={open.id}>
        {open.view(state)}
      </TabPanel>
    </section>
  );
}
