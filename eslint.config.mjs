import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const dependencyDirection = require('./eslint-rules/dependency-direction.js');
const root = path.dirname(fileURLToPath(import.meta.url));

export default tseslint.config(
  { ignores: ['**/dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**', 'data/**', 'test/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { project: { rules: { 'dependency-direction': dependencyDirection } } },
    rules: {
      'project/dependency-direction': ['error', { root }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The host's web page: ES modules run by the browser as they are (no build step).
    files: ['host/src/web/static/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        window: 'readonly', document: 'readonly', fetch: 'readonly', Node: 'readonly', Event: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', console: 'readonly', URL: 'readonly',
      },
    },
  },
  {
    // Node-RED's editor loads these as plain scripts, with jQuery and RED as globals.
    files: ['node-red/resources/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', $: 'readonly', RED: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    // jQuery callbacks rebind `this`: the dialog's methods keep theirs as `self`.
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  {
    files: ['test/support/*.mjs'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['test/interop/fixtures/*.mjs'],
    languageOptions: { globals: { process: 'writable', console: 'readonly' } },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['eslint-rules/**/*.js', 'tools/*.js', 'jest.config.js', 'cli/bin/*.js', 'node-red/*.js', 'test/support/*.js', 'test/**/support/*.js', 'test/interop/fixtures/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', AbortController: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
