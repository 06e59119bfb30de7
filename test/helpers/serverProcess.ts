/**
 * The production server as a child process, for tests that kill it: scripts/lib/serverProcess.ts
 * (shared with the simulator's crash rehearsal), plus a clock that runs ahead on request.
 * test/helpers/buildServer.ts builds dist/server/index.js before the tests run.
 */
import { spawnServer as spawnCompiledServer, type ServerProcessOptions as CompiledServerOptions, type ServerProcess } from '../../scripts/lib/serverProcess.ts';

export { freePort, SERVER_FILE, type ServerProcess } from '../../scripts/lib/serverProcess.ts';

const CLOCK_OFFSET = new URL('./clockOffset.ts', import.meta.url).href;

export interface ServerProcessOptions extends CompiledServerOptions {
  /**
   * The process's clock (Date.now) runs this many ms ahead of the real one (test/helpers/clockOffset.ts,
   * preloaded only when given): a server started "later" without waiting.
   */
  clockOffsetMs?: number;
}

export function spawnServer({ clockOffsetMs, ...options }: ServerProcessOptions): ServerProcess {
  if (clockOffsetMs === undefined) return spawnCompiledServer(options);
  return spawnCompiledServer({
    ...options,
    nodeArgs: [...(options.nodeArgs ?? []), '--import', 'tsx', '--import', CLOCK_OFFSET],
    env: { ...options.env, CLOCK_OFFSET_MS: String(Math.round(clockOffsetMs)) },
  });
}
