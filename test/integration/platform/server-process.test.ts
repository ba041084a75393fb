import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../support/database.js';
import { freePort, runNode, waitFor, type Running } from '../../support/process.js';

/**
 * The server as `npm start` runs it: a real process on a real port, on the embedded database
 * (or, with DATABASE_URL, on a database of its own on that server).
 */
describe('the CiVQ server process', () => {
  let server: Running;
  let base: string;
  let database: TestDatabase | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-start-'));

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    if (serverUrl) database = await createTestDatabase({ migrated: false });
    server = runNode(['src/server/main.ts'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database?.url,
      CIVQ_DEMO_PASSWORD: 'a-test-demo-password',
    });
    // The first start migrates and seeds the whole demo entity (a few hundred utility accounts
    // and a year of billing): about a minute alone, longer beside the other test files, and over
    // five minutes on a machine shared with other work.
    await waitFor(() => server.output().includes('CiVQ is running'), 'the server to start', 600_000);
  }, 630_000);
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await database?.drop();
  });

  it('prints its URL and the demo logins', () => {
    expect(server.output()).toContain(`CiVQ is running at http://localhost:`);
    expect(server.output()).toContain('admin@demo.civq.test');
    expect(server.output()).toContain('clerk@demo.civq.test');
    expect(server.output()).toContain('a-test-demo-password');
  });

  it('answers /healthz and /readyz with 200', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('lets the seeded demo admin sign in and see tenant and role', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'localhost' },
      body: JSON.stringify({ email: 'admin@demo.civq.test', password: 'a-test-demo-password' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } });
    const body = await me.json();
    expect(body.user.role).toBe('admin');
    expect(body.tenant.name).toEqual({ en: 'City of Esperanza, TX', es: 'Ciudad de Esperanza, TX' });
  });

  it('shuts down cleanly on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/unhandled|Error:/);
  });
});

describe('production mode', () => {
  it('refuses to start without its secret', async () => {
    const run = runNode(['src/server/main.ts'], { NODE_ENV: 'production', PORT: '0', DATA_DIR: os.tmpdir() });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Refusing to start in production without: CIVQ_SECRET/);
  });
});

describe('the civq command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-cli-'));
  let database: TestDatabase | undefined;
  const civq = async (args: string[], stdin = '', env: Record<string, string> = {}) => {
    const run = runNode(
      ['src/cli/main.ts', ...args],
      { DATA_DIR: dataDir, DATABASE_URL: database?.url, ...env },
      stdin,
    );
    const code = await run.exited;
    return { code, output: run.output() };
  };
  beforeAll(async () => {
    if (serverUrl) database = await createTestDatabase({ migrated: false });
  });
  afterAll(() => database?.drop());

  it('migrates, creates a tenant and a staff user, and refuses bad input', async () => {
    expect((await civq(['migrate'])).output).toMatch(/Migrations: \d+ applied, 0 already in place/);
    expect((await civq(['migrate'])).output).toMatch(/Migrations: 0 applied, \d+ already in place/);
    const tenant = await civq([
      'tenant',
      'create',
      '--slug',
      'rio',
      '--name',
      'Town of Rio',
      '--name-es',
      'Pueblo de Río',
      '--host',
      'rio.example.gov',
    ]);
    expect(tenant.code).toBe(0);
    expect(tenant.output).toContain('Created entity rio');
    expect((await civq(['tenant', 'create', '--slug', 'rio', '--name', 'Again'])).code).toBe(1);
    const staff = await civq(
      ['staff', 'create', '--tenant', 'rio', '--email', 'Mayor@Rio.example.gov', '--role', 'admin'],
      'a long enough passphrase\n',
    );
    expect(staff.code).toBe(0);
    expect(staff.output).toContain('Created staff user mayor@rio.example.gov (admin) in rio');
    const weak = await civq(
      ['staff', 'create', '--tenant', 'rio', '--email', 'b@rio.example.gov', '--role', 'clerk'],
      'short\n',
      { LANG: 'es_US.UTF-8' },
    );
    expect(weak.code).toBe(1);
    expect(weak.output).toContain('password: Use al menos 12 caracteres');
    const role = await civq([
      'staff',
      'create',
      '--tenant',
      'rio',
      '--email',
      'c@rio.example.gov',
      '--role',
      'mayor',
    ]);
    expect(role.code).not.toBe(0);
    expect(role.output).toContain('Choose one of: admin, clerk, viewer');
    const noTenant = await civq(
      ['staff', 'create', '--tenant', 'nowhere', '--email', 'd@x.gov', '--role', 'clerk'],
      'a long enough passphrase\n',
    );
    expect(noTenant.code).toBe(1);
    expect(noTenant.output).toContain('No entity has this short name');
    const seed = await civq(['seed', 'demo']);
    expect(seed.output).toContain('already has entities');
  }, 120_000); // several CLI processes, each compiling TypeScript on start
});
