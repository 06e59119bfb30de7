import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'client/**/*.spec.ts'],
    testTimeout: 20_000,
    // The restart tests start the compiled server, as `npm start` does: built here, fresh.
    globalSetup: ['test/helpers/buildServer.ts'],
    // The offline file waits twice for the phone outbox's 5 s retry, the restart file for server
    // processes to start: let others run meanwhile. (The long real-time waits are in test/soak/, `npm run soak`.)
    maxWorkers: 3,
  },
});
