/**
 * `npm run cluster -- --nodes 3 [--port 8080]`: Driegesprek on several servers, on this machine, to
 * try out: a throwaway PostgreSQL, N app nodes and nginx in front (scripts/lib/cluster.ts). Prints
 * the one URL to open; Ctrl-C stops everything and removes the database.
 */
import { parseArgs } from 'node:util';
import { startCluster } from './lib/cluster.ts';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '3' }, port: { type: 'string' } } });
const nodes = Number(values.nodes);
const port = values.port === undefined ? undefined : Number(values.port);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16 || (port !== undefined && !Number.isInteger(port))) {
  console.error('gebruik: npm run cluster -- --nodes N (1 tot 16) [--port POORT]');
  process.exit(2);
}

const cluster = await startCluster({ nodes, port });
console.log(`Driegesprek draait op ${nodes} servers achter nginx: ${cluster.url}`);
for (const node of cluster.nodes) console.log(`  ${node.name}: http://127.0.0.1:${node.port} (pid ${node.process.child.pid})`);
console.log('Stop met Ctrl-C. Probeer: kill -9 een van die pids; de telefoons zijn binnen een paar seconden terug.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().then(() => process.exit(0));
  });
}
