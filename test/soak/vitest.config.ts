/** The soak tests (`npm run soak`): long, real waits on purpose, so never part of `npm test`. */
import { defineConfig } from 'vitest/config';
import main from '../../vitest.config.ts';

export default defineConfig({
  ...main,
  test: { ...main.test, include: ['test/soak/**/*.soak.ts'] },
});
