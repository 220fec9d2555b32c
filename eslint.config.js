import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', 'out/', 'release/', 'test-results/', 'playwright-report/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Only main/electron/ may import Electron: the core runs under plain Node.
    files: ['main/core/**', 'main/store/**', 'main/connectors/**', 'renderer/**', 'e2e/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Electron lives in main/electron/ only.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer has no Electron access.' }],
          patterns: [
            { group: ['**/main/**', 'node:*'], message: 'The renderer talks to the core through window.bastide only.' },
            { group: ['**/preload/contract'], allowTypeImports: true, message: 'Import types only from the contract.' },
          ],
        },
      ],
    },
  },
  {
    // Tests are not shipped: they may check the renderer against the contract's runtime.
    files: ['renderer/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer has no Electron access.' }],
          patterns: [
            { group: ['**/main/**', 'node:*'], message: 'The renderer talks to the core through window.bastide only.' },
          ],
        },
      ],
    },
  },
);
