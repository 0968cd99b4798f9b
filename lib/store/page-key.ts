/**
 * The key a page's study material (summaries, conversation, decks) is kept under: its URL without
 * the fragment, so "#section-2" of a page is the same page. The query stays: on many course sites
 * it names the document (`view.php?id=42`).
 */
export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url.split('#')[0] ?? url;
  }
}
