import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noMathRandom = {
  selector: "MemberExpression[object.name='Math'][property.name='random']",
  message: 'Use a named stream from src/engine/rng.ts: one seed drives all randomness.',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test/e2e/output', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/data/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', noMathRandom],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: noMathRandom.message }],
    },
  },
  {
    // The engine is pure TypeScript: it runs in Node, in tests and in the worker alike.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'], message: 'The engine knows nothing of the UI.' },
            { group: ['**/ui/**', '**/state/**', '**/worker/**', '**/data/**'], message: 'The engine imports nothing from the UI, state, worker or data layers.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    ignores: ['src/data/**/*.worker.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-dom', 'zustand', 'recharts', '**/ui/**', '**/state/**', '**/worker/**'], message: 'Data code is pure: no UI, state or worker imports.' }] },
      ],
    },
  },
);
