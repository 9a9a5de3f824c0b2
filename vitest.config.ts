import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // The test-only worker faults (src/worker/testFaults.ts) stay off in unit tests, as in the product.
  define: { __TEST_FAULTS__: 'false' },
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['test/component/**/*.test.{ts,tsx}'],
          setupFiles: ['test/component/setup.ts'],
          // Rendering the whole app in jsdom takes seconds on these shared 2-core machines.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
