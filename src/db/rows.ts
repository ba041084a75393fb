import type { SQL } from 'drizzle-orm';
import type { Tx } from './client.js';

/**
 * Runs raw SQL and returns its rows. Both drivers answer `execute` with `{ rows }`; Drizzle's
 * shared type cannot say so, hence this one narrow cast.
 */
export async function queryRows<R>(tx: Pick<Tx, 'execute'>, query: SQL): Promise<R[]> {
  const result = (await tx.execute(query)) as unknown as { rows: R[] };
  return result.rows;
}
