/**
 * 311 at city scale (issue 14): one tenant with N service requests (default 1,000,000) spread
 * over three years, then, through HTTP as the dashboard, the map and Open311 clients ask:
 *   - the staff queue's first page under each filter (target p95 ≤ 50 ms);
 *   - the map of open requests in a viewport (target p95 ≤ 100 ms);
 *   - Open311 GET requests with 1,000 results, JSON and XML (target p95 ≤ 300 ms);
 *   - a report with a 3 MB photo, end to end: upload, then file (target ≤ 1 s).
 * Data generation writes set-based SQL directly (a generator, not the product path).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/requests-scale.ts
 *   node --import tsx bench/requests-scale.ts --requests 100000      # embedded PGlite
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { queryRows } from '../src/db/rows.js';
import { withSystem, withTenant } from '../src/db/tenant-context.js';
import { SYSTEM_ACTOR } from '../src/events/types.js';
import { createStaff } from '../src/modules/identity/index.js';
import { createTenant } from '../src/modules/tenancy/index.js';
import { buildApp } from '../src/server/app.js';
import { createPlatform } from '../src/server/platform.js';
import { loadLine, ms, openBenchDatabase, stats } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('requests', 1_000_000);
const RUNS = arg('runs', 100);
const HOST = 'bench.test';
const PASSWORD = 'bench-password-123456';
// The area: a city about 11 km by 13 km.
const BOX = { minLat: 26.15, maxLat: 26.25, minLng: -98.3, maxLng: -98.18 };
const CATEGORIES = [
  ['pothole', 'streets', 5],
  ['streetlight', 'streets', 10],
  ['water_leak', 'water', 2],
  ['missed_trash', 'sanitation', 3],
  ['graffiti', 'parks', 10],
  ['code_violation', 'code', 15],
  ['sidewalk', 'streets', 20],
  ['sewer_backup', 'water', 1],
] as const;
const STREETS = ['Maple', 'Cedar', 'Mora', 'Ébano', 'Palma', 'Nogal', 'Sabal', 'Encino', 'Olmo', 'Pino'];

async function generate(db: Database, tenantId: string, assignee: string) {
  await withSystem(db, async (tx) => {
    for (const dept of new Set(CATEGORIES.map((c) => c[1]))) {
      await tx.execute(sql`
        INSERT INTO request_departments (tenant_id, code, name)
        VALUES (${tenantId}, ${dept}, ${JSON.stringify({ en: dept, es: dept })}::jsonb)`);
    }
    for (const [i, [code, dept, sla]] of CATEGORIES.entries()) {
      await tx.execute(sql`
        INSERT INTO request_categories (tenant_id, code, name, description, department_id, sla_business_days, position, questions)
        SELECT ${tenantId}, ${code}, ${JSON.stringify({ en: code, es: code })}::jsonb,
               ${JSON.stringify({ en: `About ${code}`, es: `Sobre ${code}` })}::jsonb, d.id, ${sla}, ${i},
               ${JSON.stringify([
                 {
                   key: 'size',
                   type: 'single_choice',
                   required: false,
                   label: { en: 'Size', es: 'Tamaño' },
                   options: [
                     { value: 'small', label: { en: 'Small', es: 'Pequeño' } },
                     { value: 'large', label: { en: 'Large', es: 'Grande' } },
                   ],
                 },
               ])}::jsonb
        FROM request_departments d WHERE d.tenant_id = ${tenantId} AND d.code = ${dept}`);
    }
    await tx.execute(sql`
      INSERT INTO request_settings (tenant_id, min_lat, min_lng, max_lat, max_lng, jurisdiction_id)
      VALUES (${tenantId}, ${BOX.minLat}, ${BOX.minLng}, ${BOX.maxLat}, ${BOX.maxLng}, 'bench.test')`);
  });
  const chunk = 100_000;
  for (let first = 0; first < N; first += chunk) {
    const last = Math.min(N - 1, first + chunk - 1);
    await withSystem(db, (tx) =>
      tx.execute(sql`
        WITH g AS (
          SELECT n, (hashtext('r' || n) & 2147483647)::float8 / 2147483647 AS r1,
                 (hashtext('s' || n) & 2147483647)::float8 / 2147483647 AS r2,
                 now() - make_interval(mins => (n * 1.576)::int) AS at
          FROM generate_series(${first}::int, ${last}::int) AS n
        ), c AS (
          SELECT row_number() OVER (ORDER BY position) - 1 AS k, id, department_id, sla_business_days
          FROM request_categories WHERE tenant_id = ${tenantId}
        )
        INSERT INTO service_requests (tenant_id, tracking_code, category_id, department_id, status, description,
                                      address, lat, lng, language, source, assignee_id, submitted_at,
                                      acknowledged_at, closed_at, closing_note, due_at, updated_at)
        SELECT ${tenantId}, 'B' || lpad(g.n::text, 9, '0'), c.id, c.department_id,
               s.status, 'Generated request ' || g.n,
               (100 + g.n % 9900) || ' ' || (string_to_array(${STREETS.join(',')}, ','))[1 + g.n % ${STREETS.length}] || ' St',
               ${BOX.minLat} + g.r1 * ${BOX.maxLat - BOX.minLat}, ${BOX.minLng} + g.r2 * ${BOX.maxLng - BOX.minLng},
               CASE WHEN g.n % 3 = 0 THEN 'es' ELSE 'en' END,
               CASE WHEN g.n % 10 = 0 THEN 'open311' ELSE 'portal' END,
               CASE WHEN g.n % 10 = 1 THEN ${assignee}::uuid END,
               g.at,
               CASE WHEN s.status <> 'submitted' THEN g.at + interval '1 day' END,
               CASE WHEN s.status = 'closed' THEN g.at + make_interval(days => 1 + g.n % 20) END,
               CASE WHEN s.status = 'closed' THEN 'Done' END,
               g.at + make_interval(days => c.sla_business_days * 7 / 5),
               g.at
        FROM g
        JOIN c ON c.k = g.n % ${CATEGORIES.length}
        CROSS JOIN LATERAL (SELECT CASE
               WHEN g.at > now() - interval '30 days' THEN (ARRAY['submitted','acknowledged','in_progress','closed'])[1 + g.n % 4]
               WHEN g.n % 50 = 0 THEN 'in_progress'
               ELSE 'closed' END AS status) s`),
    );
    process.stdout.write(
      `\r  generated ${(last + 1).toLocaleString('en-US')} of ${N.toLocaleString('en-US')} requests`,
    );
  }
  process.stdout.write('\n');
  await db.rawQuery('ANALYZE');
}

/** A JPEG of about 3 MB: noise compresses badly, which is the point. */
async function photoOf3MB(): Promise<Buffer> {
  const side = 2000;
  const raw = crypto.randomBytes(side * side * 3);
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

async function main() {
  const { db, kind, drop } = await openBenchDatabase('requests');
  const rows: { what: string; rows: number; p50: number; p95: number; max: number; target: string }[] = [];
  try {
    await migrate(db);
    const tenant = await withSystem(db, (tx) =>
      createTenant(tx, { slug: 'bench', name: { en: 'Bench City', es: 'Ciudad Bench' }, hosts: [HOST] }),
    );
    const platform = createPlatform(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db);
    const staff = await withTenant(db, tenant.id, (tx) =>
      createStaff(tx, platform.events, SYSTEM_ACTOR, {
        email: 'admin@bench.test',
        displayName: 'Bench Admin',
        role: 'admin',
        password: PASSWORD,
      }),
    );
    let t0 = process.hrtime.bigint();
    await generate(db, tenant.id, staff.id);
    const generation = ms(t0);

    const app = await buildApp(platform, { webDistDir: '/nonexistent-web-build' });
    platform.tenants.invalidate();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: HOST },
      payload: { email: 'admin@bench.test', password: PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'civq_staff');
    if (!cookie) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
    const headers = { host: HOST, cookie: `civq_staff=${cookie.value}`, 'accept-language': 'en' };

    const measure = async (what: string, url: string, count: (body: string) => number, target: string) => {
      const samples: number[] = [];
      let n = 0;
      for (let i = 0; i < RUNS + 10; i++) {
        const s = process.hrtime.bigint();
        const res = await app.inject({ method: 'GET', url, headers });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (i >= 10) samples.push(ms(s)); // the first runs warm caches and plans
        n = count(res.body);
      }
      rows.push({ what, rows: n, ...stats(samples), target });
    };
    const items = (body: string) => (JSON.parse(body) as { items: unknown[] }).items.length;
    const queue: [string, string][] = [
      ['no filter (newest first)', ''],
      ['status = submitted', 'status=submitted'],
      ['category + status', 'category=pothole&status=in_progress'],
      ['department + date range', `department=water&from=${day(-400)}&to=${day(-300)}`],
      ['overdue', 'overdue=true'],
      ['assignee = me', 'assignee=me'],
      ['unassigned, oldest first', 'assignee=none&sort=oldest'],
      ['address text "Maple"', 'q=Maple'],
      ['address text "4417 Encino"', 'q=4417%20Encino'],
    ];
    for (const [what, query] of queue) {
      await measure(`queue · ${what}`, `/api/v1/requests/queue?${query}`, items, '≤ 50 ms');
    }
    const points = (body: string) => (JSON.parse(body) as { points: unknown[] }).points.length;
    const mid = { lat: (BOX.minLat + BOX.maxLat) / 2, lng: (BOX.minLng + BOX.maxLng) / 2 };
    await measure(
      'map · open requests, a quarter of the city',
      `/api/v1/requests/map?minLat=${BOX.minLat}&minLng=${BOX.minLng}&maxLat=${mid.lat}&maxLng=${mid.lng}`,
      points,
      '≤ 100 ms',
    );
    await measure(
      'map · open requests, a neighbourhood (1 km²)',
      `/api/v1/requests/map?minLat=${mid.lat}&minLng=${mid.lng}&maxLat=${mid.lat + 0.009}&maxLng=${mid.lng + 0.01}`,
      points,
      '≤ 100 ms',
    );
    // Open311: a window holding well over 1,000 requests; the answer stops at 1,000.
    const window = `start_date=${day(-120)}T00:00:00Z&end_date=${day(-30)}T00:00:00Z`;
    await measure(
      'Open311 GET requests.json (1,000)',
      `/open311/v2/requests.json?${window}`,
      (b) => (JSON.parse(b) as unknown[]).length,
      '≤ 300 ms',
    );
    await measure(
      'Open311 GET requests.xml (1,000)',
      `/open311/v2/requests.xml?${window}`,
      (b) => b.split('<request>').length - 1,
      '≤ 300 ms',
    );

    // A report with a 3 MB photo, as the portal sends it: the photo, then the report.
    const photo = await photoOf3MB();
    const submit: number[] = [];
    for (let i = 0; i < 20; i++) {
      const ip = `198.51.100.${10 + i}`;
      t0 = process.hrtime.bigint();
      const up = await app.inject({
        method: 'POST',
        url: '/api/v1/requests/photos',
        remoteAddress: ip,
        headers: { host: HOST, 'content-type': 'image/jpeg' },
        payload: photo,
      });
      if (up.statusCode !== 201) throw new Error(`photo: ${up.statusCode} ${up.body}`);
      const filed = await app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        remoteAddress: ip,
        headers: { host: HOST, 'accept-language': 'es' },
        payload: {
          categoryCode: 'pothole',
          description: 'Bache grande frente a la casa',
          address: `${500 + i} Sabal St`,
          location: { lat: mid.lat + i / 10_000, lng: mid.lng },
          photoIds: [(up.json() as { photoId: string }).photoId],
          contact: { email: `bench-${i}@example.com` },
          language: 'es',
        },
      });
      if (filed.statusCode !== 201) throw new Error(`report: ${filed.statusCode} ${filed.body}`);
      submit.push(ms(t0));
    }
    rows.push({
      what: `report with a ${(photo.length / 1024 / 1024).toFixed(1)} MB photo (upload + file), 20 runs`,
      rows: 1,
      ...stats(submit),
      target: '≤ 1 s',
    });
    await app.close();

    const [counted] = await withTenant(db, tenant.id, (tx) =>
      queryRows<{ count: string }>(tx, sql`SELECT count(*) AS count FROM service_requests`),
    );
    console.log(
      `\n${kind}: ${Number(counted?.count).toLocaleString('en-US')} requests, generated in ${(generation / 1000).toFixed(1)} s`,
    );
    console.log(`\n| ${RUNS} runs each (photo: 20) | rows | p50 | p95 | max | target |`);
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(
        `| ${r.what} | ${r.rows} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.max.toFixed(1)} ms | ${r.target} |`,
      );
    }
    console.log(`\n${loadLine()}; ${new Date().toISOString()}`);
  } finally {
    await db.close();
    await drop();
  }
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

await main();
