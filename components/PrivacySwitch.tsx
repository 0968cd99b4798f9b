import { useId } from 'preact/hooks';
import { settings, updateSettings } from '../lib/panel/settings-state';
import { t } from '../lib/i18n/t';

/**
 * Privacy mode, always visible in the header, as a switch with its name beside it: on, the cloud is
 * off entirely (the network gate refuses every cloud request, consent or not). The words after it
 * say what the state means, so it is not told by colour alone.
 */
export function PrivacySwitch() {
  const id = useId();
  const { privacyMode, offline } = settings.value;
  const state = offline ? t('privacy_stateOffline') : privacyMode ? t('privacy_stateCloudOff') : t('privacy_stateCloudAsks');
  const title = offline ? t('privacy_titleOffline') : privacyMode ? t('privacy_titleOn') : t('privacy_titleOff');
  return (
    <div class={`privacy-toggle ${privacyMode || offline ? 'on' : 'off'}`} title={title}>
      <label for={`${id}-switch`} id={`${id}-label`} class="privacy-label">
        {t('privacy_switchLabel')}
      </label>
      <button
        type="button"
        role="switch"
        id={`${id}-switch`}
        aria-checked={privacyMode}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-state`}
        class="privacy-switch"
        data-privacy={privacyMode ? 'on' : 'off'}
        onClick={() => void updateSettings({ privacyMode: !privacyMode })}
      >
        <span class="switch-thumb" aria-hidden="true" />
      </button>
      <span id={`${id}-state`} class="privacy-state">
        {state}
      </span>
    </div>
  );
}
