import { settings, updateSettings } from '../lib/panel/settings-state';

/**
 * The privacy badge in the panel's header, always visible, and the switch itself: on, the cloud is
 * off entirely (the network gate refuses every cloud request, consent or not).
 */
export function PrivacySwitch() {
  const { privacyMode, offline } = settings.value;
  const label = offline ? 'Offline' : privacyMode ? 'Privacy mode: cloud off' : 'Cloud allowed with consent';
  const title = offline
    ? 'Offline: Locus makes no request at all, model downloads included. Change it in Privacy.'
    : privacyMode
      ? 'Privacy mode is on: nothing leaves this device except model downloads from the model host. Click to allow the cloud (each request still needs your consent).'
      : 'The cloud may be used, only after you see and agree to exactly what is sent. Click to turn privacy mode on.';
  return (
    <button
      type="button"
      role="switch"
      aria-checked={privacyMode}
      aria-label="Privacy mode"
      class={`badge privacy-switch ${privacyMode || offline ? 'on' : 'off'}`}
      title={title}
      data-privacy={privacyMode ? 'on' : 'off'}
      onClick={() => void updateSettings({ privacyMode: !privacyMode })}
    >
      {label}
    </button>
  );
}
