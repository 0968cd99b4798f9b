// @ts-check
/**
 * ESLint keeps the house's structure (issue 15, item 5); Prettier keeps its format. `npm run lint`
 * runs both, and `npm test` runs lint before the unit tests, so CI enforces every rule below.
 * Only structural rules live here, each with its reason; tsc checks the types.
 *
 *   - imports point down: entrypoints/ → components/ → lib/, and lib/'s folders in LIB_ORDER;
 *   - no file imports in a cycle (and the folder order rules out folder cycles in lib/);
 *   - only lib/privacy/network-gate.ts reaches the network;
 *   - files of at most 400 lines and functions of at most 80 in lib/ and components/.
 *
 * HOW TO ADD A FOLDER (or a top-level file) TO lib/: put its name in LIB_ORDER, after every lib/
 * folder it imports and before every lib/ folder that imports it, and add it to the README's list
 * ("The order of lib/'s folders": the same order, in words). A lib/ folder that is not in LIB_ORDER
 * is a lint error, so no new folder escapes the rule.
 *
 * Escapes: only the size rules may be switched off in the code, and only with a reason after `--`
 * in the file's or the function's header (`// eslint-disable-next-line max-lines-per-function -- why`).
 * The structural rules cannot be disabled in the code; their few exceptions are here, with why.
 */
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import comments from '@eslint-community/eslint-plugin-eslint-comments';
import { libOrderRule } from './scripts/eslint-lib-order.js';

const ROOT = import.meta.dirname;

/**
 * lib/'s folders, lowest first: a folder imports only folders listed before it (README: "The order
 * of lib/'s folders"). The groups are the README's five levels, for reading; the rule uses the
 * position in the whole list, which also forbids a cycle between two folders of one level.
 */
export const LIB_ORDER = [
  ['errors.ts', 'i18n', 'platform', 'render', 'messaging', 'store', 'settings'],
  ['engine-api', 'search', 'video', 'capture', 'catalog'],
  ['model-files', 'ocr', 'privacy', 'router', 'insights', 'tasks'],
  ['engines', 'cloud', 'library', 'export', 'review'],
  ['engine-host', 'pdf', 'offscreen', 'background', 'panel'],
].flat();

const NETWORK = 'only lib/privacy/network-gate.ts reaches the network: take the gate and call gate.fetch(url, init, purpose)';
const NETWORK_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport', 'RTCPeerConnection', 'importScripts'];
const ANY_NETWORK_GLOBAL = `/^(${NETWORK_GLOBALS.join('|')})$/`;
/** @returns {import('eslint').Linter.RuleEntry} */
const networkGlobals = (names = NETWORK_GLOBALS) => ['error', ...names.map((name) => ({ name, message: NETWORK }))];

export default defineConfig(
  {
    files: ['{lib,components,entrypoints}/**/*.{ts,tsx}'], // The product; tests and scripts are not.
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' }, // A stale escape is an error too.
    plugins: { 'import-x': importX, '@eslint-community/eslint-comments': comments, locus: { rules: { 'lib-order': libOrderRule } } },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/ignore': ['node_modules'], // The import rules never parse packages' code (a second or two saved).
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      // A cycle makes load order matter and a module impossible to test or move alone (type-only imports are free).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // lib/'s folders in LIB_ORDER; an unknown folder is an error.
      'locus/lib-order': ['error', { root: ROOT, order: LIB_ORDER }],
      // The three layers: imports point down (README: "Layers"); product code never reaches into tests/ or scripts/.
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: [
            {
              target: './lib',
              from: ['./components', './entrypoints'],
              message: 'lib/ never imports components/ or entrypoints/: imports point down.',
            },
            { target: './components', from: './entrypoints', message: 'components/ never import entrypoints/: imports point down.' },
            {
              target: ['./lib', './components', './entrypoints'],
              from: ['./tests', './scripts'],
              message: 'the product never imports tests/ or scripts/.',
            },
          ],
        },
      ],
      // One network gate; the unit test tests/unit/one-gate.test.ts scans for the same, and more.
      'no-restricted-globals': networkGlobals(),
      'no-restricted-syntax': [
        'error',
        // globalThis.fetch, self['WebSocket']…: the globals again, reached through the global object.
        {
          selector: `MemberExpression[object.name=/^(globalThis|self|window)$/]:matches([property.name=${ANY_NETWORK_GLOBAL}], [property.value=${ANY_NETWORK_GLOBAL}])`,
          message: NETWORK,
        },
        // navigator.sendBeacon, however navigator is reached.
        { selector: "MemberExpression[property.name='sendBeacon']", message: NETWORK },
        // x.fetch(…) on anything but the gate (the unit test's rule).
        {
          selector: "CallExpression[callee.property.name='fetch']:not([callee.object.name='gate'], [callee.object.property.name='gate'])",
          message: NETWORK,
        },
        // Code from a remote host: import 'https://…', import('//…'), import(`https://${…}`).
        { selector: ':matches(ImportDeclaration, ImportExpression)[source.value=/^(https?:)?\\/\\//]', message: NETWORK },
        {
          selector: 'ImportExpression > TemplateLiteral.source > TemplateElement:first-child[value.raw=/^(https?:)?\\/\\//]',
          message: NETWORK,
        },
      ],
      // Escapes need a reason, and the structural rules have none in the code (see the header).
      '@eslint-community/eslint-comments/require-description': 'error',
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@eslint-community/eslint-comments/no-restricted-disable': ['error', 'import-x/*', 'locus/*', 'no-restricted-*'],
    },
  },
  {
    // Small files and functions: a newcomer reads one in a sitting (issue 15: "ordinary size").
    files: ['{lib,components}/**/*.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  { files: ['lib/privacy/network-gate.ts'], rules: { 'no-restricted-globals': 'off', 'no-restricted-syntax': 'off' } }, // It is the gate.
  {
    // Reads file:// only, which fetch cannot; every other URL goes through the gate (one-gate.test.ts checks both).
    files: ['lib/pdf/offscreen-pdf-service.ts'],
    rules: { 'no-restricted-globals': networkGlobals(NETWORK_GLOBALS.filter((name) => name !== 'XMLHttpRequest')) },
  },
);
