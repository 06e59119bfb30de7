/** Start-up: configuration from the environment → createApp() → listen. */
import { randomUUID } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContentCached } from './content/contentCache.ts';
import { ContentError, formatProblem } from './content/loadContent.ts';
import { createSqliteStore } from './store/sqliteStore.ts';
import { PROJECT_ROOT, startServer } from './startServer.ts';

const DAY_MS = 24 * 3600_000;
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const contentDir = process.env.CONTENT_DIR ?? `${PROJECT_ROOT}content`;

/** The first LAN address: phones can't reach `localhost`. */
function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}

/** Written by `npm run build:server` beside the compiled server (dist/server/): content/ checked and rendered ahead. */
const CONTENT_CACHE = fileURLToPath(new URL('./content.json', import.meta.url));

function loadOrExit() {
  try {
    return loadContentCached(contentDir, CONTENT_CACHE, (warnings) => {
      console.warn(`De inhoud heeft ${warnings.length === 1 ? '1 waarschuwing' : `${warnings.length} waarschuwingen`} (dit laten de schermen weg):\n${warnings.map(formatProblem).join('\n')}`);
    });
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    console.error(`De inhoud bevat fouten; de server start niet:\n${error.message}`);
    process.exit(1);
  }
}

// PUBLIC_PORT: `npm run dev` points phones at Vite's port instead of the server's.
const publicUrl = process.env.PUBLIC_URL || `http://${lanAddress()}:${process.env.PUBLIC_PORT ?? port}`;
const server = await startServer({
  content: loadOrExit(),
  mediaDir: join(contentDir, 'media'),
  contentDir,
  // PostgreSQL when DATABASE_URL names one (several servers); otherwise one SQLite file in DATA_DIR.
  store: process.env.DATABASE_URL
    ? await (await import('./store/postgresStore.ts')).openPostgresStore(process.env.DATABASE_URL, `${process.env.NODE_NAME ?? hostname()}-${randomUUID().slice(0, 8)}`)
    : createSqliteStore(process.env.DATA_DIR ?? `${PROJECT_ROOT}data`),
  capacity: process.env.ROOM_CAP ? Number(process.env.ROOM_CAP) : undefined,
  retentionMs: process.env.RETENTION_DAYS ? Number(process.env.RETENTION_DAYS) * DAY_MS : undefined,
  maxSessions: process.env.MAX_SESSIONS ? Number(process.env.MAX_SESSIONS) : undefined,
  maxPhonesPerAddress: process.env.MAX_PHONES_PER_ADDRESS ? Number(process.env.MAX_PHONES_PER_ADDRESS) : undefined,
  newSessionsPerAddress: process.env.MAX_NEW_SESSIONS_PER_ADDRESS ? Number(process.env.MAX_NEW_SESSIONS_PER_ADDRESS) : undefined,
  // Behind a proxy: TRUST_PROXY=loopback (or its addresses, comma-separated).
  trustProxy: process.env.TRUST_PROXY ? process.env.TRUST_PROXY.split(',').map((address) => address.trim()) : undefined,
  port,
  host,
  publicUrl,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});
console.log(`Driegesprek draait op http://${host === '0.0.0.0' ? 'localhost' : host}:${port} — telefoons gebruiken ${publicUrl}`);

/** A shutdown that takes longer than this (a database that does not answer) ends the process anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    void server.close().then(() => process.exit(0));
  });
}
