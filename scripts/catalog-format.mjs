// The layout of models/catalog.json: any object or array that fits in 150 columns stays on one line
// (one file entry per line); larger ones are indented. Shared by the scripts that rewrite the file.

/** One line, with a space after ':' and ',' (as the file has always been written). */
function oneLine(value) {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

/** @param {unknown} value @param {number} [indent] @returns {string} */
export function formatCatalog(value, indent = 0) {
  const one = oneLine(value);
  if (one.length + indent * 2 <= 150 || value === null || typeof value !== 'object') return one;
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((v) => pad + formatCatalog(v, indent + 1)).join(',\n')}\n${close}]`;
  const entries = Object.entries(/** @type {Record<string, unknown>} */ (value));
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${formatCatalog(v, indent + 1)}`).join(',\n')}\n${close}}`;
}
