import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noMathRandom = {
  selector: "MemberExpression[object.name='Math'][property.name='random']",
  message: 'Use a named stream from src/engine/rng.ts: one seed drives all randomness.',
};

/** UI libraries: no layer below the UI imports them. */
const UI_LIBRARIES = ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];

export default tseslint.config(
  { ignores: ['dist', 'dist-e2e', 'node_modules', 'public', 'test/e2e/output', 'coverage'] },
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
            { group: ['**/ui/**', '**/state/**', '**/worker/**', '**/data/**', '**/settings/**', '**/run/**'], message: 'The engine imports nothing from the UI, state, worker, run, settings or data layers.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'navigator', 'localStorage'],
    },
  },
  // ---- Layer fences (README "Layout"): engine, data < settings < run < worker < state < ui.
  {
    // The settings contract: pure, below everything that runs or shows a run.
    files: ['src/settings/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...UI_LIBRARIES, '**/run/**', '**/worker/**', '**/state/**', '**/ui/**'], message: 'src/settings imports nothing above it: only the engine and data layers.' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'navigator', 'localStorage'],
    },
  },
  {
    // A run (build, step loop, pool): headless, shared by the worker, replay, exports and the pool.
    files: ['src/run/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...UI_LIBRARIES, '**/worker/**', '**/state/**', '**/ui/**'], message: 'src/run imports only the engine, data and settings layers.' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'localStorage'],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...UI_LIBRARIES, '**/state/**', '**/ui/**'], message: 'The worker imports nothing from the state or UI layers.' }] },
      ],
    },
  },
  {
    files: ['src/state/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/ui/**', 'recharts'], message: 'State imports nothing from the UI.' }] },
      ],
    },
  },
  {
    // Views read src/state (viewTypes.ts); only the run handle knows the worker protocol, and the
    // engine is reached through its public index, for types only.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)engine/.+', message: 'The UI reaches the engine only through its public index (src/engine/index.ts).' },
            { regex: '(^|/)engine$', allowTypeImports: true, message: 'The UI imports only types from the engine; view data comes from src/state/viewTypes.ts.' },
            { group: ['**/worker/protocol', '**/worker/client', '**/worker/session', '**/worker/training.worker'], message: 'Only the run handle (src/state/runHandle.ts) knows the worker protocol: read src/state/viewTypes.ts.' },
          ],
        },
      ],
    },
  },
  {
    // Exports mirror the engine's constants (Adam's betas, the leaky slope, initializers) in scripts.
    files: ['src/ui/export/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)engine/.+', message: 'The UI reaches the engine only through its public index (src/engine/index.ts).' },
            { group: ['**/worker/protocol', '**/worker/client', '**/worker/session', '**/worker/training.worker'], message: 'Only the run handle (src/state/runHandle.ts) knows the worker protocol: read src/state/viewTypes.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    ignores: ['src/data/**/*.worker.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-dom', 'zustand', 'recharts', '**/ui/**', '**/state/**', '**/worker/**', '**/run/**', '**/settings/**'], message: 'Data code is pure: no UI, state, worker, run or settings imports.' }] },
      ],
    },
  },
);
