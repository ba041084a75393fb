/**
 * Utility billing at city scale: generates N accounts (default 100,000), each with a water
 * meter and 12 months of readings, then measures
 *   - account search by each kind (account number, name, name + first name, address words,
 *     status filter page) through the module's own searchAccounts — p50/p95/max over 100 runs;
 *   - a CSV import of one new reading per meter (N rows) through importReads.
 * Data generation writes set-based SQL directly (it is a generator, not the product path).
 *
 *   node --import tsx bench/utilities-scale.ts [--accounts 100000]          # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/utilities-scale.ts
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';
import { ms, openBenchDatabase, stats } from './support.js';
import { migrate } from '../src/db/migrate.js';
import { queryRows } from '../src/db/rows.js';
import { withSystem, withTenant } from '../src/db/tenant-context.js';
import { EventBus } from '../src/events/bus.js';
import { groupAccountNumber, luhnDigit } from '../src/lib/codes.js';
import { createTenant } from '../src/modules/tenancy/index.js';
import { importReads, searchAccounts } from '../src/modules/utilities/index.js';

const N = Number(process.argv[process.argv.indexOf('--accounts') + 1] || 0) || 100_000;
const FIRST = [
  'María',
  'José',
  'Guadalupe',
  'Juan',
  'Ana',
  'Luis',
  'Rosa',
  'Carlos',
  'Sofía',
  'Miguel',
  'James',
  'Linda',
  'Robert',
  'Patricia',
  'Tom',
  'Emily',
  'Ángel',
  'Verónica',
  'Héctor',
  'Beatriz',
];
const LAST = [
  'García',
  'Martínez',
  'Hernández',
  'López',
  'González',
  'Peña',
  'Rodríguez',
  'Treviño',
  'Ibáñez',
  'Saldaña',
  'Carter',
  'Nguyen',
  'Smith',
  'Johnson',
  'Guerra',
  'Cantú',
  'Muñoz',
  'Ramírez',
  'Flores',
  'Villarreal',
  'Zamora',
  'Alvarado',
  'Benavides',
  'Castillo',
  'Delgado',
  'Escobar',
  'Fuentes',
  'Galván',
  'Hinojosa',
  'Jaramillo',
];
const STREETS = [
  'Calle Sol',
  'Avenida Ñandú',
  'Mesquite Dr',
  'Calle Luna',
  'Palm Blvd',
  'Río Grande St',
  'Ébano Ln',
  'Sabal Palm Ct',
  'Jacinto St',
  'Nopal Ave',
  'Cedar St',
  'Oak Ave',
];

const arr = (xs: string[]) => `{${xs.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

async function generate(db: Database, tenantId: string) {
  const numbers = new Set<string>();
  while (numbers.size < N) {
    const body = String(crypto.randomInt(100_000_000, 1_000_000_000));
    numbers.add(body + luhnDigit(body));
  }
  const all = [...numbers];
  await withTenant(db, tenantId, async (tx) => {
    await tx.execute(
      sql`INSERT INTO utility_account_types (code, name) VALUES ('residential', '{"en":"Residential","es":"Residencial"}')`,
    );
    for (let i = 0; i < N; i += 5_000) {
      const chunk = all.slice(i, i + 5_000);
      const names = chunk.map(() => `${pick(FIRST)} ${pick(LAST)}`);
      const streets = chunk.map(() => `${100 + Math.floor(Math.random() * 9_000)} ${pick(STREETS)}`);
      await tx.execute(sql`
        INSERT INTO utility_accounts (account_number, customer_name, street, city, state, zip, account_type, autopay)
        SELECT n, c, s, 'Esperanza', 'TX', '78501', 'residential', random() < 0.15
        FROM unnest(${arr(chunk)}::text[], ${arr(names)}::text[], ${arr(streets)}::text[]) AS u(n, c, s)`);
    }
    await tx.execute(sql`
      INSERT INTO meters (serial, service, unit, dials, multiplier, status, account_id)
      SELECT 'WM-' || account_number, 'water', 'gal', 6, 1, 'active', id FROM utility_accounts`);
    await tx.execute(sql`
      INSERT INTO meter_assignments (meter_id, account_id, installed_on)
      SELECT id, account_id, date '2025-10-01' FROM meters`);
    // 13 reads per meter: the initial read and 12 monthly reads of 3,000–9,000 gallons.
    await tx.execute(sql`
      INSERT INTO meter_reads (meter_id, account_id, read_on, value, method, purpose, consumption)
      SELECT m.id, m.account_id, date '2025-10-01' + make_interval(months => k),
             (k * 6000 + (hashtext(m.id::text) & 65535))::bigint,
             CASE WHEN k = 0 THEN 'manual' ELSE 'amr' END,
             CASE WHEN k = 0 THEN 'initial' ELSE 'regular' END,
             CASE WHEN k = 0 THEN NULL ELSE 6000 END
      FROM meters m, generate_series(0, 12) AS k`);
  });
  await db.rawQuery('ANALYZE');
  return all;
}

async function main() {
  const { db, kind, drop } = await openBenchDatabase('utilities');
  try {
    await migrate(db);
    const tenant = await withSystem(db, (tx) =>
      createTenant(tx, {
        slug: 'bench',
        name: { en: 'Bench City', es: 'Ciudad Bench' },
        hosts: ['bench.test'],
      }),
    );
    let t0 = process.hrtime.bigint();
    const numbers = await generate(db, tenant.id);
    const generation = ms(t0);
    const [counts] = await withTenant(db, tenant.id, (tx) =>
      queryRows<{ accounts: number; reads: number }>(
        tx,
        sql`SELECT (SELECT count(*) FROM utility_accounts)::int AS accounts, (SELECT count(*) FROM meter_reads)::int AS reads`,
      ),
    );
    const kinds: Record<string, () => { q?: string; status?: string }> = {
      'account number (grouped)': () => ({ q: groupAccountNumber(pick(numbers)) }),
      'last name, no accents': () => ({
        q: pick(LAST).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
      }),
      'first + last name': () => ({ q: `${pick(FIRST)} ${pick(LAST)}` }),
      'address words': () => ({
        q: `${100 + Math.floor(Math.random() * 9_000)} ${pick(STREETS).split(' ')[0]}`,
      }),
      'status filter, first page': () => ({ status: 'active' }),
    };
    const search: Record<string, ReturnType<typeof stats>> = {};
    for (const [name, make] of Object.entries(kinds)) {
      const samples: number[] = [];
      for (let i = 0; i < 100; i++) {
        const query = { ...make(), limit: 50, offset: 0 };
        t0 = process.hrtime.bigint();
        await withTenant(db, tenant.id, (tx) => searchAccounts(tx, query));
        if (i >= 5) samples.push(ms(t0)); // the first few warm caches
      }
      search[name] = stats(samples);
    }
    // Next month's read for every meter: its last read plus a normal month's use.
    const last = await withTenant(db, tenant.id, (tx) =>
      queryRows<{ serial: string; value: string }>(
        tx,
        sql`SELECT m.serial, max(r.value)::text AS value FROM meters m JOIN meter_reads r ON r.meter_id = m.id GROUP BY m.serial`,
      ),
    );
    const csv = ['meter_serial,read_date,read_value,read_method']
      .concat(
        last.map(
          (m) =>
            `${m.serial},2026-11-01,${(Number(m.value) + 5_000 + Math.floor(Math.random() * 2_000)) % 1_000_000},amr`,
        ),
      )
      .join('\n');
    const actor = { type: 'system' as const, id: null };
    t0 = process.hrtime.bigint();
    const result = await withTenant(db, tenant.id, (tx) =>
      importReads({ tx, events: new EventBus(), actor }, { fileName: 'bench.csv', csv }),
    );
    const importMs = ms(t0);
    const report = {
      database: kind,
      accounts: counts!.accounts,
      reads: counts!.reads,
      generationSeconds: +(generation / 1000).toFixed(1),
      searchMs: Object.fromEntries(
        Object.entries(search).map(([k, v]) => [
          k,
          { p50: +v.p50.toFixed(1), p95: +v.p95.toFixed(1), max: +v.max.toFixed(1) },
        ]),
      ),
      import: {
        rows: result.rowsTotal,
        stored: result.rowsStored,
        rejected: result.rowsRejected,
        exceptions: result.exceptions,
        seconds: +(importMs / 1000).toFixed(1),
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await db.close();
    // --keep leaves the database for EXPLAIN sessions (PostgreSQL only).
    if (process.argv.includes('--keep')) process.stderr.write(`kept ${kind}\n`);
    else await drop();
  }
}

await main();
