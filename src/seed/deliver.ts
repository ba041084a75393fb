import { sql } from 'drizzle-orm';
import { queryRows } from '../db/rows.js';
import { withTenant } from '../db/tenant-context.js';
import { toPgArray } from '../events/bus.js';
import type { Tx } from '../db/client.js';
import type { Consumer, DomainEvent } from '../events/types.js';
import type { Platform } from '../kernel/platform.js';

type Pending = {
  event_id: string;
  consumer: string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor_type: DomainEvent['actor']['type'];
  actor_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: string | Date;
};

/**
 * Delivers the demo's pending events to their consumers, many per transaction.
 *
 * The dispatcher gives each delivery a transaction of its own (a failure must not undo its
 * neighbours'), which costs six statements around each consumer's work: on a fresh demo
 * that is most of the seeding time. Nothing else runs while the demo is seeded, so here a
 * batch of deliveries, in event order, shares one transaction and one "done" update. A batch
 * that fails rolls back whole and is left to the dispatcher, which delivers one at a time
 * with its retries (the caller drains it afterwards).
 */
export async function deliverInBatches(
  platform: Platform,
  tenantId: string,
  batchSize = 2_000,
): Promise<void> {
  for (;;) {
    const n = await withTenant(platform.db, tenantId, async (tx) => {
      const rows = await queryRows<Pending>(
        tx,
        sql`
        SELECT d.event_id::text AS event_id, d.consumer, e.type, e.subject_type, e.subject_id,
               e.actor_type, e.actor_id, e.payload, e.occurred_at
        FROM event_deliveries d JOIN domain_events e ON e.id = d.event_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now()
        ORDER BY d.event_id, d.consumer
        LIMIT ${batchSize}
        FOR UPDATE OF d SKIP LOCKED`,
      );
      // Consumers write their own tables, so each may take its share of the batch at once
      // (in event order) when it knows how: My Activity does.
      const byConsumer = new Map<string, DomainEvent[]>();
      for (const r of rows) {
        const list = byConsumer.get(r.consumer) ?? [];
        list.push({
          id: r.event_id,
          tenantId,
          type: r.type,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          actor: { type: r.actor_type, id: r.actor_id } as DomainEvent['actor'],
          payload: r.payload,
          occurredAt: new Date(r.occurred_at),
        });
        byConsumer.set(r.consumer, list);
      }
      for (const [name, events] of byConsumer) {
        const consumer = platform.events.consumer(name) as
          (Consumer & { handleMany?: (tx: Tx, events: DomainEvent[]) => Promise<void> }) | undefined;
        if (!consumer) throw new Error(`no consumer named ${name} in this build`);
        if (consumer.handleMany) await consumer.handleMany(tx, events);
        else for (const event of events) await consumer.handle(tx, event);
      }
      if (rows.length > 0) {
        await tx.execute(sql`
          UPDATE event_deliveries d
          SET status = 'done', attempts = attempts + 1, delivered_at = now(), last_error = NULL
          FROM unnest(${toPgArray(rows.map((r) => r.event_id))}::text[],
                      ${toPgArray(rows.map((r) => r.consumer))}::text[]) AS u(e, c)
          WHERE d.event_id = u.e::bigint AND d.consumer = u.c`);
      }
      return rows.length;
    }).catch(() => 0);
    if (n < batchSize) return;
  }
}
