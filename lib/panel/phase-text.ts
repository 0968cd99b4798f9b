/** What a run's phase says to the student (Summarize and the task views use the same words). */
import { t, type MessageKey } from '../i18n/t';

const PHASE_KEYS: Record<string, MessageKey> = {
  'reading-page': 'status_readingPage',
  downloading: 'status_downloading',
  loading: 'status_loading',
  writing: 'status_writing',
  stopped: 'status_stopped',
};

/** The phase's words, or '' for phases that show none (idle, done, error). */
export function phaseText(phase: string): string {
  const key = PHASE_KEYS[phase];
  return key ? t(key) : '';
}
