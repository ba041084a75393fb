#!/usr/bin/env node
// `npm run dev`: the API with reload on change (tsx watch) and the web app from Vite's dev
// server with hot reload; Vite proxies /api to the API. Open the URL Vite prints.
//   PORT      web dev server port (default 3000)
//   API_PORT  API port (default 3001)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webPort = Number(process.env.PORT ?? 3000);
const apiPort = Number(process.env.API_PORT ?? 3001);
process.env.CIVQ_API_URL = `http://127.0.0.1:${apiPort}`;

const api = spawn(
  path.join(ROOT, 'node_modules', '.bin', 'tsx'),
  ['watch', '--clear-screen=false', 'src/server/main.ts'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, PORT: String(apiPort), HOST: '127.0.0.1' },
  },
);

const { createServer } = await import('vite');
const vite = await createServer({
  configFile: path.join(ROOT, 'web', 'vite.config.ts'),
  server: { port: webPort, strictPort: true, host: process.env.HOST ?? 'localhost' },
});
await vite.listen();
vite.printUrls();
process.stdout.write(`  API (reloads on change): http://127.0.0.1:${apiPort}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await vite.close();
  api.kill('SIGTERM');
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
api.on('exit', (code) => {
  if (!stopping) {
    process.stderr.write(`API process exited (code ${code}); stopping.\n`);
    void stop().then(() => process.exit(code ?? 1));
  }
});
