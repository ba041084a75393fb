#!/usr/bin/env node
// Browser tests: build the web app, start CiVQ on a free port with a fresh database, run
// Playwright against it with Debian's Chromium, stop the server, and exit with Playwright's code.
//
// - No /usr/bin/chromium: skip with a plain message — unless CI or CIVQ_REQUIRE_BROWSER=1 is set,
//   then fail (CI installs it first).
// - Database: a fresh embedded PGlite folder; with DATABASE_URL set, a throwaway database
//   civq_e2e_<random> on that server, dropped afterwards.
// - CIVQ_E2E_SKIP_BUILD=1: use the web build already in dist/web (CI builds it once, beside the
//   static checks).
// Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- --project phone`).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const requireBrowser = Boolean(process.env.CI) || process.env.CIVQ_REQUIRE_BROWSER === '1';

function say(line) {
  process.stdout.write(`[e2e] ${line}\n`);
}

if (!fs.existsSync(CHROMIUM)) {
  if (requireBrowser) {
    process.stderr.write(
      `[e2e] Chromium is not installed at ${CHROMIUM}, and browser tests are required here (CI). ` +
        'Install it with: apt-get install chromium\n',
    );
    process.exit(1);
  }
  say('Chromium not installed (apt-get install chromium); skipping browser tests');
  process.exit(0);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function createDatabase(adminUrl) {
  const { default: pg } = await import('pg');
  const name = `civq_e2e_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function waitForReady(baseUrl, server, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited early (code ${server.exitCode})`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready after ${timeoutMs / 1000} s`);
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

async function main() {
  if (
    process.env.CIVQ_E2E_SKIP_BUILD === '1' &&
    fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))
  ) {
    say('using the existing web build in dist/web (CIVQ_E2E_SKIP_BUILD=1)');
  } else {
    const built = performance.now();
    say('building the web app (npm run build)');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return build.status ?? 1;
    say(`built in ${seconds(built)} s`);
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-e2e-data-'));
  const database = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL) : undefined;
  say(
    database
      ? `database: ${database.name} on the PostgreSQL server (DATABASE_URL)`
      : `database: PGlite in ${dataDir}`,
  );

  const logFile = path.join(ROOT, 'test-results', 'e2e-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (database) env.DATABASE_URL = database.url;
  else delete env.DATABASE_URL;
  delete env.NODE_ENV; // the demo data the tests use is never seeded in production
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });

  let code = 1;
  const cleanup = async () => {
    await stopServer(server);
    fs.closeSync(log);
    if (database)
      await database.drop().catch((err) => say(`could not drop ${database.name}: ${err.message}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  const starting = performance.now();
  try {
    await waitForReady(baseUrl, server);
    say(
      `server ready at ${baseUrl} after ${seconds(starting)} s, demo seeded (log: test-results/e2e-server.log)`,
    );
    const testing = performance.now();
    fs.rmSync(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true, force: true });
    const playwright = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, CIVQ_E2E_URL: baseUrl, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    code = await new Promise((resolve) => playwright.on('exit', (c) => resolve(c ?? 1)));
    say(`playwright finished in ${seconds(testing)} s`);
    if (code === 0) say('screenshots: test-results/screenshots/');
  } catch (err) {
    process.stderr.write(`[e2e] ${err.message}; see test-results/e2e-server.log\n`);
    code = 1;
  } finally {
    await cleanup();
  }
  return code;
}

process.exit(await main());
