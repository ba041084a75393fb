import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import PgBoss from 'pg-boss';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { withSystem, withTenant } from '../../../src/db/tenant-context.js';
import { EventBus } from '../../../src/events/bus.js';
import { SYSTEM_ACTOR } from '../../../src/events/types.js';
import { createStaff } from '../../../src/modules/identity/index.js';
import { createTenant } from '../../../src/modules/tenancy/index.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../support/database.js';
import {
  PROBE_EVENT,
  PROBE_QUEUE,
  PROBE_TABLE_SQL,
  probeConsumer,
} from '../../support/multi-server-probe.js';
import { freePort, runNode, waitFor, type Running } from '../../support/process.js';
import { startS3Server, type S3TestServer } from '../../support/s3-server.js';

const PASSWORD = 'two servers, one database';
const figures: Record<string, string> = {};
const since = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

/**
 * Two real app processes (test/support/multi-server-child.ts: buildApp, the event dispatcher
 * and pg-boss, as main.ts runs them) on one PostgreSQL database and one S3-compatible store:
 * nothing a request needs may live in one process's memory. An embedded PGlite database
 * belongs to one process, so this needs a PostgreSQL server.
 */
if (!serverUrl) {
  console.log(
    'multi-server.test.ts skipped: two app processes need a PostgreSQL server (an embedded PGlite database belongs to one process); set DATABASE_URL or TEST_DATABASE_URL',
  );
}
describe.skipIf(!serverUrl)(
  'two app servers on one PostgreSQL (skipped on PGlite: an embedded database belongs to one process; set DATABASE_URL or TEST_DATABASE_URL)',
  () => {
    let database: TestDatabase;
    let s3: S3TestServer;
    const servers: { name: string; base: string; run: Running }[] = [];
    let tenantId: string;
    const bus = new EventBus();
    bus.register(probeConsumer('test'));

    beforeAll(async () => {
      database = await createTestDatabase();
      await database.db.execScript(PROBE_TABLE_SQL);
      s3 = await startS3Server();
      const tenant = await withSystem(database.db, (tx) =>
        createTenant(tx, { slug: 'twin', name: { en: 'Twin City', es: 'Ciudad Gemela' }, hosts: [] }),
      );
      tenantId = tenant.id;
      for (const email of ['clerk@twin.test', 'locked@twin.test']) {
        await withTenant(database.db, tenantId, (tx) =>
          createStaff(tx, bus, SYSTEM_ACTOR, {
            email,
            displayName: 'Twin Clerk',
            role: 'clerk',
            password: PASSWORD,
          }),
        );
      }
      const t0 = performance.now();
      for (const name of ['A', 'B']) {
        const port = await freePort();
        const run = runNode(['test/support/multi-server-child.ts'], {
          SERVER_NAME: name,
          PORT: String(port),
          DATABASE_URL: database.url,
          STORAGE_URL: s3.url,
          CIVQ_SECRET: 'multi-server-test-secret-of-32-characters+',
          EVENT_POLL_MS: '100',
        });
        servers.push({ name, base: `http://127.0.0.1:${port}`, run });
      }
      for (const s of servers) {
        await waitFor(() => s.run.output().includes(`${s.name} ready`), `server ${s.name}`, 240_000).catch(
          (err) => {
            throw new Error(`${String(err)}; its output:\n${s.run.output()}`);
          },
        );
      }
      figures['both servers started (spawn to listening, in parallel)'] = since(t0);
    }, 300_000);

    afterAll(async () => {
      for (const s of servers) s.run.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => s.run.exited));
      await s3?.stop();
      await database?.drop();
      // The measured figures, for docs/operations.md.
      console.log(
        `[multi-server figures]\n${Object.entries(figures)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join('\n')}`,
      );
    });

    const [a, b] = [0, 1].map((i) => ({
      post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${servers[i]!.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        }),
      get: (path: string, headers: Record<string, string> = {}) =>
        fetch(`${servers[i]!.base}${path}`, { headers }),
    })) as [Client, Client];
    type Client = {
      post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
      get(path: string, headers?: Record<string, string>): Promise<Response>;
    };

    it('both servers answer their health checks', async () => {
      for (const s of servers) {
        expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
        expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
      }
    });

    it('a staff session made on one server works on the other, and signing out on one ends it on both', async () => {
      const login = await a.post('/api/v1/auth/login', { email: 'clerk@twin.test', password: PASSWORD });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const me = await b.get('/api/v1/auth/me', { cookie });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe('clerk@twin.test');

      const out = await fetch(`${servers[1]!.base}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(out.status).toBe(204);
      expect((await a.get('/api/v1/auth/me', { cookie })).status).toBe(401);
    });

    it('a lockout counted across both servers holds on both', async () => {
      const wrong = { email: 'locked@twin.test', password: 'not the password at all' };
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await (i % 2 ? b : a).post('/api/v1/auth/login', wrong)).status);
      expect(codes.slice(0, 4)).toEqual([401, 401, 401, 401]); // the fifth failure locks
      for (const server of [a, b]) {
        const right = await server.post('/api/v1/auth/login', { ...wrong, password: PASSWORD });
        expect(right.status).toBe(429);
        expect(((await right.json()) as { code: string }).code).toBe('account_locked');
      }
    });

    it('a rate limit counted on one server holds on the other', async () => {
      // The portal lookup allows 10 tries a minute per client, wherever they land.
      const codes: number[] = [];
      for (let i = 0; i < 10; i++) {
        codes.push(
          (await (i % 2 ? b : a).post('/api/v1/portal/utilities/lookup', { accountNumber: '1234567890' }))
            .status,
        );
      }
      expect(codes).not.toContain(429);
      for (const server of [a, b]) {
        const res = await server.post('/api/v1/portal/utilities/lookup', { accountNumber: '1234567890' });
        expect(res.status).toBe(429);
        expect(((await res.json()) as { code: string }).code).toBe('rate_limited');
      }
    });

    it('each event is delivered once, and each job handled once, across both servers', async () => {
      const N = 60;
      const J = 20; // pg-boss polls every 0.5 s at best: 20 jobs keep the test short
      const t0 = performance.now();
      await withTenant(database.db, tenantId, (tx) =>
        bus.recordMany(
          tx,
          Array.from({ length: N }, (_, n) => ({
            type: PROBE_EVENT,
            subjectType: 'probe',
            subjectId: String(n),
            actor: SYSTEM_ACTOR,
          })),
        ),
      );
      const counts = async () =>
        (
          await database.db.rawQuery<{ kind: string; rows: number; items: number }>(
            `SELECT kind, count(*)::int AS rows, count(DISTINCT item)::int AS items
             FROM multi_server_probe GROUP BY kind ORDER BY kind`,
          )
        ).rows;
      const handled = async (kind: string) => (await counts()).find((c) => c.kind === kind)?.items ?? 0;
      await waitFor(async () => (await handled('event')) === N, 'event deliveries', 60_000);
      figures[`${N} events delivered by two servers (EVENT_POLL_MS=100)`] = since(t0);

      const t1 = performance.now();
      const boss = new PgBoss({ connectionString: database.url!, supervise: false, schedule: false });
      await boss.start();
      await boss.createQueue(PROBE_QUEUE);
      for (let n = 0; n < J; n++) await boss.send(PROBE_QUEUE, { n });
      await boss.stop({ graceful: false });
      await waitFor(async () => (await handled('job')) === J, 'jobs', 60_000);
      figures[`${J} jobs handled by two servers (one job per fetch, 0.5 s polling)`] = since(t1);
      await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate to show, were there one
      const [events, jobs] = await counts();
      expect(events).toMatchObject({ kind: 'event', rows: N, items: N });
      expect(jobs).toMatchObject({ kind: 'job', rows: J, items: J });
      const share = await database.db.rawQuery<{ kind: string; handled_by: string; n: number }>(
        `SELECT kind, handled_by, count(*)::int AS n FROM multi_server_probe GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      figures['share of the work (kind/server/count)'] = share.rows
        .map((r) => `${r.kind}/${r.handled_by}/${r.n}`)
        .join(', ');
    }, 90_000);

    it('a file written through one server is read through the other (S3 storage)', async () => {
      // A 3 MB phone photo (noise compresses badly), with EXIF and GPS.
      const width = 2048;
      const height = 1536;
      const photo = await sharp(crypto.randomBytes(width * height * 3), {
        raw: { width, height, channels: 3 },
      })
        .jpeg({ quality: 95 })
        .withExif({ IFD0: { Make: 'TwinCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 25/1 3/1' } })
        .toBuffer();
      expect(photo.length).toBeGreaterThan(2_500_000);
      const t0 = performance.now();
      const up = await fetch(`${servers[0]!.base}/api/v1/test-files`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg' },
        body: Readable.toWeb(Readable.from([photo])) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const uploadMs = performance.now() - t0;
      expect(up.status).toBe(200);
      const stored = (await up.json()) as { key: string; link: string; size: number; server: string };
      expect(stored.server).toBe('A');
      expect(stored.key.startsWith(`${tenantId}/probe/`)).toBe(true);
      figures[`upload of a ${(photo.length / 1e6).toFixed(1)} MB JPEG through A (re-encode + S3 put)`] =
        `${Math.round(uploadMs)} ms (${(photo.length / 1e6 / (uploadMs / 1000)).toFixed(1)} MB/s)`;

      const t1 = performance.now();
      const down = await b.get(`/api/v1/test-files?link=${encodeURIComponent(stored.link)}`);
      expect(down.status).toBe(200);
      const bytes = Buffer.from(await down.arrayBuffer());
      figures[`download of it through B (${(bytes.length / 1e6).toFixed(1)} MB)`] = since(t1);
      expect(bytes.length).toBe(stored.size);
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height, meta.exif]).toEqual([width, height, undefined]);
      expect(await s3.keys()).toContain(stored.key);
    }, 60_000);

    it('the configuration of a server names its object storage', () => {
      expect(loadConfig({ STORAGE_URL: s3.url }).storageUrl).toBe(s3.url);
      expect(() => loadConfig({ STORAGE_URL: 'ftp://bucket' })).toThrow(/STORAGE_URL/);
    });
  },
);
