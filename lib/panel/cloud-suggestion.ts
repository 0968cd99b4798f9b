/**
 * The words of a router proposal shown as a quiet suggestion in a result: what a bigger model could
 * do better, from the reasons the student can see for themselves. A reason the student cannot see
 * (the page did not fit the local window: the summary reads it in parts anyway) is no suggestion.
 */
import type { RouteReason } from '../messaging/cloud-protocol';
import { t, uiLanguage } from '../i18n/t';
import { formatCount } from './format';

const twoDecimals = (v: string | number) => Number(v).toLocaleString(uiLanguage(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (v: string | number) => (typeof v === 'number' ? formatCount(v) : v);

/** Why the router proposes a bigger model, in the student's language (its English when sent without values). */
export function routeReasonText(reason: RouteReason): string {
  const v = reason.values;
  if (!v) return reason.message;
  switch (reason.code) {
    case 'asked':
      return t('router_asked');
    case 'complex-ask':
      return t('router_complexAsk', String(v[0] ?? ''));
    case 'long-ask':
      return t('router_longAsk', count(v[0] ?? 0));
    case 'long-input':
      return t('router_longInput', count(v[0] ?? 0));
    case 'slow-first-token':
      return t('router_slowFirstToken', count(v[0] ?? 0));
    case 'low-confidence':
      return t('router_lowConfidence', twoDecimals(v[0] ?? 0), twoDecimals(v[1] ?? 0));
    default:
      return reason.message;
  }
}

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
    if (phrase) return t('provider_suggestion', phrase(routeReasonText(reason)));
  }
  return null;
}
