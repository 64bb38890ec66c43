// `npm start`: install what is missing, build the production bundle, serve it and print the URL.
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const port = process.env.PORT ?? '3000';

for (const [cmd, args] of [
  ['node', ['scripts/ensure-deps.mjs']],
  ['npx', ['next', 'build']],
]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`\nHarbinger is starting on http://localhost:${port}/ (Ctrl+C to stop)\n`);
const server = spawn('npx', ['next', 'start', '-p', port], { cwd: root, stdio: 'inherit', env });
server.on('exit', (code) => process.exit(code ?? 0));
