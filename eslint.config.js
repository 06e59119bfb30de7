import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
  },
  {
    // The client may only use types from the server, never its code.
    files: ['client/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**'], allowTypeImports: true, message: 'The client may only `import type` from server/.' }] },
      ],
    },
  },
  {
    // Shared by the client, the server's tools and the scripts: it depends on none of them.
    files: ['common/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**'], allowTypeImports: true, message: 'common/ may only `import type` from server/.' },
            { group: ['**/client/**', '**/test/**', '**/scripts/**'], message: 'common/ imports neither the client, the tests nor the scripts.' },
          ],
        },
      ],
    },
  },
  {
    // The simulator and other scripts run on their own: no client code, no test code.
    files: ['scripts/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/client/**', '**/test/**'], message: 'Scripts import neither client/ nor test/: share through common/ or scripts/lib/.' }] },
      ],
    },
  },
);
