// @ts-check
/**
 * ESLint rule `locus/lib-order`: a lib/ folder imports only folders listed before it in LIB_ORDER
 * (eslint.config.js; README, "The order of lib/'s folders"), and every lib/ folder is in the list.
 * Written here because import-x's `no-restricted-paths` would need one zone per folder and cannot
 * report a folder that is missing from the order. Relative imports only: lib/ uses no aliases.
 */
import path from 'node:path';

/** @param {string} name a folder, or a top-level file with or without its extension */
const bare = (name) => name.replace(/\.(ts|tsx|js|mjs)$/, '');

/** @type {import('eslint').Rule.RuleModule} */
export const libOrderRule = {
  meta: {
    type: 'problem',
    docs: { description: "lib/'s folders import only folders before them in LIB_ORDER" },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, order: { type: 'array', items: { type: 'string' } } },
        required: ['root', 'order'],
        additionalProperties: false,
      },
    ],
    messages: {
      unknown:
        "lib/{{folder}} is not in LIB_ORDER (eslint.config.js): add it there after every lib/ folder it imports, and to the README's order of lib/'s folders.",
      upward:
        'lib/{{from}} may not import lib/{{to}}: a lib/ folder imports only folders listed before it in LIB_ORDER (eslint.config.js; README, "The order of lib/\'s folders"). Move what both need into a lower folder.',
    },
  },
  create(context) {
    /** @type {{ root: string, order: string[] }} */
    const { root, order } = context.options[0];
    const position = new Map(order.map((name, i) => [bare(name), i]));
    const lib = path.join(root, 'lib');
    /** lib/'s top-level entry that holds `file`, or null outside lib/. @param {string} file */
    const folderOf = (file) => {
      const rel = path.relative(lib, file);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
      return bare(rel.split(path.sep)[0] ?? '');
    };
    const from = folderOf(context.physicalFilename);
    if (from === null) return {};

    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const to = folderOf(path.resolve(path.dirname(context.physicalFilename), source.value));
      if (to === null || to === from || !position.has(from)) return;
      if (!position.has(to)) context.report({ node: source, messageId: 'unknown', data: { folder: to } });
      else if (/** @type {number} */ (position.get(to)) > /** @type {number} */ (position.get(from)))
        context.report({ node: source, messageId: 'upward', data: { from, to } });
    };
    return {
      Program(node) {
        if (!position.has(from)) context.report({ node, loc: { line: 1, column: 0 }, messageId: 'unknown', data: { folder: from } });
      },
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
