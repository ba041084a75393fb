import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import { Problem } from './problem.js';

/**
 * Idempotency-Key for POSTs that move money. The key is claimed at the start of the caller's
 * transaction and the response stored at its end, in the same transaction: a retry with the
 * same key and body gets the first response back and changes nothing; the same key with a
 * different body is refused (422). A concurrent retry waits on the claim, then replays.
 * If the operation fails, the claim rolls back with it and the key can be used again.
 */
export async function idempotent<T>(
  tx: Tx,
  request: FastifyRequest,
  scope: string,
  run: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  const header = request.headers['idempotency-key'];
  const key = typeof header === 'string' ? header.trim() : '';
  if (!key) throw new Problem(400, 'idempotency_key_required');
  if (key.length > 200) throw new Problem(400, 'idempotency_key_invalid');
  const hash = crypto
    .createHash('sha256')
    .update(JSON.stringify([request.method, request.url, request.body ?? null]))
    .digest('hex');
  const claimed = await queryRows<{ key: string }>(
    tx,
    sql`INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
        VALUES (${scope}, ${key}, ${hash}, 0, '{}'::jsonb)
        ON CONFLICT (tenant_id, scope, key) DO NOTHING RETURNING key`,
  );
  if (claimed.length === 0) {
    const [stored] = await queryRows<{ request_hash: string; response_status: number; response_body: T }>(
      tx,
      sql`SELECT request_hash, response_status, response_body FROM idempotency_keys
          WHERE scope = ${scope} AND key = ${key}`,
    );
    if (!stored || stored.request_hash !== hash) throw new Problem(422, 'idempotency_key_reused');
    return { status: stored.response_status, body: stored.response_body, replayed: true };
  }
  const result = await run();
  await tx.execute(sql`
    UPDATE idempotency_keys SET response_status = ${result.status}, response_body = ${JSON.stringify(result.body)}::jsonb
    WHERE scope = ${scope} AND key = ${key}`);
  return { ...result, replayed: false };
}
