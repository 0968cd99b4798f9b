import { useId } from 'preact/hooks';
import { settings, updateSettings } from '../lib/panel/settings-state';

/**
 * Privacy mode, always visible in the header, as a switch with its name beside it: on, the cloud is
 * off entirely (the network gate refuses every cloud request, consent or not). The words after it
 * say what the state means, so it is not told by colour alone.
 */
export function PrivacySwitch() {
  const id = useId();
  const { privacyMode, offline } = settings.value;
  const state = offline ? 'Offline' : privacyMode ? 'Cloud off' : 'Cloud asks first';
  const title = offline
    ? 'Offline: Locus makes no request at all, model downloads included. Change it in Settings, Privacy.'
    : privacyMode
      ? 'Privacy mode is on: nothing leaves this device except model downloads from the model host. Switch it off to allow the cloud (each request still needs your consent).'
      : 'The cloud may be used, only after you see and agree to exactly what is sent. Switch privacy mode on to turn the cloud off.';
  return (
    <div class={`privacy-toggle ${privacyMode || offline ? 'on' : 'off'}`} title={title}>
      <label for={`${id}-switch`} id={`${id}-label`} class="privacy-label">
        Privacy mode
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
