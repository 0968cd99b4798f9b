/**
 * The words of a router proposal shown as a quiet suggestion in a result: what a bigger model could
 * do better, from the reasons the student can see for themselves. A reason the student cannot see
 * (the page did not fit the local window: the summary reads it in parts anyway) is no suggestion.
 */
import type { RouteReason } from '../messaging/cloud-protocol';
import { t } from '../i18n/t';

const VISIBLE: Partial<Record<RouteReason['code'], (message: string) => string>> = {
  'complex-ask': (m) => t('provider_suggestComplex', lowerFirst(m)),
  'long-ask': (m) => t('provider_suggestLongAsk', lowerFirst(m)),
  'long-input': (m) => t('provider_suggestLongInput', lowerFirst(m)),
  'slow-first-token': (m) => t('provider_suggestSlow', lowerFirst(m)),
  'low-confidence': () => t('provider_suggestUnsure'),
};

function lowerFirst(message: string): string {
  const trimmed = message.replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/** "A bigger model could …", or null when no reason is one the student can see. */
export function suggestionText(reasons: readonly RouteReason[]): string | null {
  for (const reason of reasons) {
    const phrase = VISIBLE[reason.code];
    if (phrase) return t('provider_suggestion', phrase(reason.message));
  }
  return null;
}
