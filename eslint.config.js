// ESLint: typescript-eslint's syntax-only recommended rules (no type-aware rules: TypeScript 7,
// the project's compiler, has no JavaScript API) and React's rules of hooks. The plugins come
// through tools/lint (beside the TypeScript 6 that typescript-eslint parses with).
import { globals, js, reactHooks, tseslint } from 'sw-lint-tools';

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'tools/lint/node_modules/', 'test-results/', 'playwright-report/', 'bench/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter or binding kept for its position or to leave it out of a rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['electron/preload.cts'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
