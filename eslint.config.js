import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'bench/out', 'bench/.cache', 'test-results', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // The tree's direction (issue 12 §3): the platform knows no module (whoever composes the app wires
  // modules in: main.ts, src/cli, src/server/testing, modules/index.ts); the domain and the contract
  // know no server code.
  {
    files: ['src/server/platform/**/*.{ts,mts,mjs}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**'], message: 'Platform code does not import modules: the composition root (main.ts, src/cli, src/server/testing) wires them in.' }] }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/(^|\\/)modules\\//]', message: 'Platform code does not import modules, not even lazily.' }],
    },
  },
  {
    files: ['src/domain/**/*.{ts,tsx}', 'src/contract/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'The domain and the contract do not import server code.' }] }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
