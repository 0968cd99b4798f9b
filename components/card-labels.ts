import type { MessageKey } from '../lib/i18n/t';
import type { ThreadSource } from '../lib/store/db';

/** Where a card's material came from, as its first line says it. */
export const SOURCE_LABELS: Record<ThreadSource, MessageKey> = {
  page: 'thread_sourcePage',
  selection: 'thread_sourceSelection',
  library: 'thread_sourceLibrary',
  typed: 'thread_sourceTyped',
};
