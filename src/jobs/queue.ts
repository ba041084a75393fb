import PgBoss from 'pg-boss';
import type { Database } from '../db/client.js';

/**
 * Background jobs on the same database (pg-boss). On PGlite pg-boss talks through a small
 * adapter: parameterless SQL may hold several statements, which only PGlite's `exec` runs.
 */
export function createJobQueue(db: Database, databaseUrl: string | undefined): PgBoss {
  const common = { schema: 'pgboss', supervise: true, schedule: true } as const;
  if (databaseUrl) return new PgBoss({ connectionString: databaseUrl, max: 4, ...common });
  const pglite = db.pglite!;
  return new PgBoss({
    ...common,
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          return results[results.length - 1] ?? { rows: [] };
        }
        return pglite.query(text, values);
      },
    },
  });
}
