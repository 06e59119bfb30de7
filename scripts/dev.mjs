// `npm run dev`: the server (restarts on change) and Vite (hot reload, proxies /api and /socket.io).
// Phones scan a QR that points at Vite's port, so they get the hot-reloading client too.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'watch', 'server/index.ts'], { stdio: 'inherit', env: { PUBLIC_PORT: '5173', ...process.env } }),
  spawn('npx', ['vite', '--host'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => (stop(), process.exit(code ?? 0)));
