import { t } from '../lib/i18n/t';

/** A run's one button: Stop while it runs, else the button that starts it. */
export function RunButton(props: { busy: boolean; label: string; onStart: () => void; onStop: () => void; disabled?: boolean }) {
  return props.busy ? (
    <button type="button" class="stop" onClick={props.onStop}>
      {t('common_stop')}
    </button>
  ) : (
    <button type="button" class="primary" onClick={props.onStart} disabled={props.disabled}>
      {props.label}
    </button>
  );
}
