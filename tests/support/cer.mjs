// Character error rate (CER) of OCR output against the text the test put on the page: the
// Levenshtein edit distance (insertions, deletions, substitutions) over characters, divided by the
// reference's length. Both texts are compared after the same normalisation: Unicode NFC and runs of
// whitespace (line breaks included) as one space, trimmed, since a page's layout is not its text.

/** @param {string} text */
export function normalizeForCer(text) {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Edit distance between two strings, by code point, in O(n·m) time and O(m) memory. */
export function editDistance(a, b) {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/**
 * @param {string} reference the known text
 * @param {string} hypothesis what OCR read
 * @returns {number} 0 for a perfect reading; can exceed 1 when the hypothesis is much longer
 */
export function characterErrorRate(reference, hypothesis) {
  const ref = normalizeForCer(reference);
  const hyp = normalizeForCer(hypothesis);
  if (!ref.length) return hyp.length ? 1 : 0;
  return editDistance(ref, hyp) / [...ref].length;
}
