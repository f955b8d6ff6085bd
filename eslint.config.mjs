// Lint that keeps the architecture honest:
// - workflow code may not import Node built-ins, `openai`, node-llama-cpp or activity values (types only);
// - domain code may not import Temporal;
// - domain, workflow and store code may not import src/llm (messages, tokens and LLM error types are
//   domain types; only activities, the worker and the CLI meet a backend);
// - no floating promises anywhere.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const bareBuiltins = builtinModules.filter((name) => !name.startsWith('node:'));
const nodeBuiltins = [...new Set([...bareBuiltins, ...bareBuiltins.map((name) => `node:${name}`), 'node:sqlite', 'node:sea', 'node:test'])];

/** src/llm is the LLM backends; what the rest of the system says about LLM calls lives in src/domain. */
const NO_LLM_IMPORTS = {
  group: ['**/llm', '**/llm/*'],
  message: 'Import ChatMessage, token counts and LLM error types from src/domain (chat.ts, tokens.ts, llm-errors.ts); src/llm is for activities, the worker and the CLI.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.augcon/**', 'augcon-data/**', 'bench-results/**', 'test/fixtures/**', '*.config.js', 'test/helpers/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code runs in a deterministic sandbox: no Node built-ins. Do I/O in an activity.' })),
            { name: 'openai', message: 'LLM calls belong in activities (src/activities).' },
            { name: 'node-llama-cpp', message: 'LLM calls belong in activities (src/activities).' },
            { name: '@temporalio/activity', message: 'Workflows call activities through proxyActivities.' },
          ],
          patterns: [
            { group: ['**/activities', '**/activities/*'], allowTypeImports: true, message: 'Import activities as types only (proxyActivities<typeof ...>).' },
            { group: ['**/store/sqlite-*', '**/ingest/*', '**/domain/hash'], message: 'Workflow code may not import I/O modules.' },
            NO_LLM_IMPORTS,
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@temporalio/*'], message: 'Domain logic is pure: no Temporal imports.' }, NO_LLM_IMPORTS] }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_LLM_IMPORTS] }] },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
