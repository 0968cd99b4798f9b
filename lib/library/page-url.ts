/**
 * The addresses a library page may have: those Locus saves pages from (http(s), and files on the
 * student's computer). A library file comes from outside and its addresses are opened when the
 * student clicks a citation, so nothing else is imported or opened.
 */
export function isImportablePageUrl(url: string): boolean {
  if (url !== url.trim()) return false;
  try {
    return ['http:', 'https:', 'file:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
