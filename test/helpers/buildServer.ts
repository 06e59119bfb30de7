/**
 * Vitest's global setup: compiles the server (as `npm run build:server` does) once before the tests,
 * so a test that starts it as a process (serverProcess.ts) runs the code as it is now.
 */
import { buildServer } from '../../scripts/buildServer.ts';

export default async function setup(): Promise<void> {
  await buildServer();
}
