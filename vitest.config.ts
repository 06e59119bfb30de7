import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'client/**/*.spec.ts'],
    testTimeout: 20_000,
    // The offline (3 min) and restart (1 min) files mostly wait on purpose: let others run meanwhile.
    maxWorkers: 3,
  },
});
