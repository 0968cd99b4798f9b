/**
 * storage.local keys mirroring study settings for contexts that cannot read the settings database
 * (IndexedDB of the extension's origin): the content script and the background's menu builder.
 * Written by the panel only; a missing key means the default.
 */
/** Show the Locus toolbar next to a selection (boolean; default true). */
export const SELECTION_BUTTON_KEY = 'selectionButton';
/** The student's own language, first in "Translate to…" (BCP 47; '' = the browser's). */
export const STUDENT_LANGUAGE_KEY = 'studentLanguage';
