/**
 * My Activity at scale: one tenant with 200,000 residents and ~5 million activity entries
 * (each resident follows one utility account with 25 entries; one "heavy" resident follows an
 * account with 5,000), then measures, for the heavy resident and a typical one:
 *   - the first page and a deep page (~4,000 entries in) of the feed through the activity
 *     module (feedPage in a tenant transaction: SET ROLE, RLS, the keyset query);
 *   - the same pages through the HTTP API (GET /api/v1/resident/activity with a real resident
 *     session cookie, via app.inject: session lookup, links, the page, serialization);
 * p50/p95/max over the runs. Data generation writes set-based SQL directly (a generator, not the
 * product path); resident ids and scopes are deterministic md5 uuids.
 *
 *   node --import tsx bench/activity-scale.ts [--residents 200000] [--runs 200]          # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/activity-scale.ts
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { ms, openBenchDatabase, stats } from './support.js';
import { migrate } from '../src/db/migrate.js';
import { queryRows } from '../src/db/rows.js';
import { withSystem, withTenant } from '../src/db/tenant-context.js';
import { decodeCursor, feedPage } from '../src/modules/activity/index.js';
import { openResidentSession } from '../src/modules/residents/sessions.js';
import { createTenant } from '../src/modules/tenancy/index.js';
import { buildApp } from '../src/server/app.js';
import { createPlatform } from '../src/server/platform.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RESIDENTS = arg('residents', 200_000);
const RUNS = arg('runs', 200);
const PER_RESIDENT = 25;
const HEAVY = 5_000;
const DEEP = 4_000;

const residentId = (r: number) => crypto.createHash('md5').update(`r${r}`).digest('hex');
const asUuid = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

/** Entries, items and feed rows, in chunks of residents so no transaction grows too large. */
async function generate(db: Database, tenantId: string): Promise<void> {
  const kinds = sql`(ARRAY['charge','payment','statement','payment','charge','refund'])[1 + (n % 6)]`;
  const insert = (first: number, last: number, per: number, idBase: number) =>
    withSystem(db, async (tx) => {
      // Entry ids are explicit so the feed can be written from the same arithmetic.
      await tx.execute(sql`
        INSERT INTO activity_entries (id, tenant_id, scope_module, scope_id, kind, action, item_type, item_id, occurred_at, data)
        OVERRIDING SYSTEM VALUE
        SELECT ${idBase}::bigint + (r - ${first}) * ${per} + n, ${tenantId}::uuid, 'utilities', md5('a' || r)::uuid::text,
               ${kinds}, 'payments.payment.recorded', 'payment', md5('p' || r || ':' || (n / 2))::uuid::text,
               timestamptz '2026-12-01' - make_interval(mins => n * 600 + (r % 600)),
               jsonb_build_object('amountCents', 1000 + (n * 37) % 9000, 'receiptNumber', 'R-2026-' || lpad((n % 999999)::text, 6, '0'))
        FROM generate_series(${first}::int, ${last}::int) AS r, generate_series(0, ${per - 1}) AS n`);
      await tx.execute(sql`
        INSERT INTO activity_items (tenant_id, item_type, item_id, scope_module, scope_id, status, data)
        SELECT ${tenantId}::uuid, 'payment', md5('p' || r || ':' || n)::uuid::text, 'utilities', md5('a' || r)::uuid::text,
               CASE WHEN n % 10 = 0 THEN 'reversed' ELSE 'completed' END, '{}'
        FROM generate_series(${first}::int, ${last}::int) AS r, generate_series(0, ${Math.ceil(per / 2) - 1}) AS n`);
      await tx.execute(sql`
        INSERT INTO activity_subscriptions (tenant_id, resident_id, scope_module, scope_id)
        SELECT ${tenantId}::uuid, md5('r' || r)::uuid, 'utilities', md5('a' || r)::uuid::text
        FROM generate_series(${first}::int, ${last}::int) AS r`);
      await tx.execute(sql`
        INSERT INTO activity_feed (tenant_id, resident_id, occurred_at, entry_id, kind)
        SELECT ${tenantId}::uuid, md5('r' || r)::uuid, timestamptz '2026-12-01' - make_interval(mins => n * 600 + (r % 600)),
               ${idBase}::bigint + (r - ${first}) * ${per} + n, ${kinds}
        FROM generate_series(${first}::int, ${last}::int) AS r, generate_series(0, ${per - 1}) AS n`);
    });
  // Resident 0 is the heavy one.
  await insert(0, 0, HEAVY, 1);
  const chunk = 10_000;
  let idBase = 1 + HEAVY;
  for (let first = 1; first < RESIDENTS; first += chunk) {
    const last = Math.min(RESIDENTS - 1, first + chunk - 1);
    await insert(first, last, PER_RESIDENT, idBase);
    idBase += (last - first + 1) * PER_RESIDENT;
    process.stdout.write(`\r  generated ${last + 1} of ${RESIDENTS} residents`);
  }
  process.stdout.write('\n');
  await db.rawQuery(`SELECT setval(pg_get_serial_sequence('activity_entries', 'id'), ${idBase})`);
  for (const t of ['activity_entries', 'activity_items', 'activity_subscriptions', 'activity_feed']) {
    await db.rawQuery(`ANALYZE ${t}`);
  }
}

async function main() {
  const { db, kind, drop } = await openBenchDatabase('activity');
  const results: { what: string; p50: number; p95: number; max: number; rows: number }[] = [];
  try {
    await migrate(db);
    const tenant = await withSystem(db, (tx) =>
      createTenant(tx, {
        slug: 'bench',
        name: { en: 'Bench City', es: 'Ciudad Bench' },
        hosts: ['bench.test'],
      }),
    );
    console.log(`${kind}: ${RESIDENTS.toLocaleString('en-US')} residents`);
    const t0 = process.hrtime.bigint();
    await generate(db, tenant.id);
    const generation = ms(t0);
    const [counts] = await withTenant(db, tenant.id, (tx) =>
      queryRows<{ entries: number; feed: number; items: number }>(
        tx,
        sql`SELECT (SELECT count(*) FROM activity_entries)::int AS entries, (SELECT count(*) FROM activity_feed)::int AS feed,
                   (SELECT count(*) FROM activity_items)::int AS items`,
      ),
    );
    console.log(
      `generated in ${(generation / 1000).toFixed(0)} s: ${counts!.entries.toLocaleString('en-US')} entries, ` +
        `${counts!.feed.toLocaleString('en-US')} feed rows, ${counts!.items.toLocaleString('en-US')} items`,
    );

    const heavy = asUuid(residentId(0));
    const typical = asUuid(residentId(Math.floor(RESIDENTS / 2)));
    const [deep] = await withTenant(db, tenant.id, (tx) =>
      queryRows<{ at: string; id: string }>(
        tx,
        sql`SELECT occurred_at::text AS at, entry_id::text AS id FROM activity_feed
            WHERE tenant_id = civq_current_tenant() AND resident_id = ${heavy}
            ORDER BY occurred_at DESC, entry_id DESC OFFSET ${DEEP - 1} LIMIT 1`,
      ),
    );
    // The plans, for the record: both pages should be one backward range scan of the feed key.
    for (const [label, after] of [
      ['first page', sql``],
      ['deep page', sql`AND (occurred_at, entry_id) < (${deep!.at}::timestamptz, ${deep!.id}::bigint)`],
    ] as const) {
      const plan = await withTenant(db, tenant.id, (tx) =>
        queryRows<{ 'QUERY PLAN': string }>(
          tx,
          sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT entry_id FROM activity_feed
              WHERE tenant_id = civq_current_tenant() AND resident_id = ${heavy} ${after}
              ORDER BY occurred_at DESC, entry_id DESC LIMIT 21`,
        ),
      );
      console.log(`plan, ${label}:\n  ${plan.map((r) => r['QUERY PLAN']).join('\n  ')}`);
    }
    const cases: [string, string, Parameters<typeof feedPage>[2]][] = [
      ['heavy (5,000): first page', heavy, { limit: 20 }],
      [
        `heavy (5,000): deep page (after ${DEEP.toLocaleString('en-US')})`,
        heavy,
        { limit: 20, after: deep! },
      ],
      ['heavy (5,000): first page, kind = payment', heavy, { limit: 20, kind: 'payment' }],
      ['heavy (5,000): deep page, kind = payment', heavy, { limit: 20, kind: 'payment', after: deep! }],
      ['typical (25): first page', typical, { limit: 20 }],
    ];
    for (const [what, resident, opts] of cases) {
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS + 50; i++) {
        const s = process.hrtime.bigint();
        const page = await withTenant(db, tenant.id, (tx) => feedPage(tx, resident, opts));
        if (i >= 50) samples.push(ms(s)); // the first runs warm caches and plans
        rows = page.items.length;
      }
      results.push({ what: `module · ${what}`, rows, ...stats(samples) });
    }

    // The same pages through HTTP, as the portal asks for them.
    const platform = createPlatform(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db);
    const app = await buildApp(platform, { webDistDir: '/nonexistent-web-build' });
    platform.tenants.invalidate();
    // A real resident row and session for each measured resident (the feed needs neither).
    const cookieFor = (id: string) =>
      withTenant(db, tenant.id, async (tx) => {
        await tx.execute(sql`
          INSERT INTO residents (id, email, password_hash, email_verified_at)
          VALUES (${id}, ${`bench-${id}@example.com`}, 'not-a-hash', now()) ON CONFLICT DO NOTHING`);
        return `civq_resident=${(await openResidentSession(tx, id)).token}`;
      });
    const deepCursor = Buffer.from(JSON.stringify([deep!.at, deep!.id])).toString('base64url');
    const http: [string, string, string][] = [
      ['heavy (5,000): first page', heavy, ''],
      [`heavy (5,000): deep page (after ${DEEP.toLocaleString('en-US')})`, heavy, `&cursor=${deepCursor}`],
      ['typical (25): first page', typical, ''],
    ];
    for (const [what, resident, query] of http) {
      const cookie = await cookieFor(resident);
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS + 10; i++) {
        const s = process.hrtime.bigint();
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/resident/activity?limit=20${query}`,
          headers: { host: 'bench.test', cookie },
        });
        if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
        if (i >= 10) samples.push(ms(s));
        rows = (res.json() as { items: unknown[] }).items.length;
      }
      results.push({ what: `HTTP · ${what}`, rows, ...stats(samples) });
    }
    await app.close();
    if (!decodeCursor(deepCursor)) throw new Error('cursor did not round-trip');

    console.log(`\n| ${kind} — ${RUNS} runs each | rows | p50 | p95 | max |`);
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of results) {
      console.log(
        `| ${r.what} | ${r.rows} | ${r.p50.toFixed(2)} ms | ${r.p95.toFixed(2)} ms | ${r.max.toFixed(2)} ms |`,
      );
    }
    console.log(
      `\nload average: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; node ${process.version}`,
    );
  } finally {
    await db.close();
    await drop();
  }
}

await main();
