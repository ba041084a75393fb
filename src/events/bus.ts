import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import type { Consumer, NewEvent } from './types.js';

/**
 * The write side of domain events. `record` runs in the caller's transaction: the event and
 * one pending delivery per interested consumer commit with the change, or not at all.
 */
export class EventBus {
  private readonly consumers = new Map<string, Consumer>();

  register(consumer: Consumer): void {
    if (this.consumers.has(consumer.name)) throw new Error(`Consumer ${consumer.name} registered twice`);
    this.consumers.set(consumer.name, consumer);
  }

  consumer(name: string): Consumer | undefined {
    return this.consumers.get(name);
  }

  /** Records the event in the current tenant's outbox; returns its id. */
  async record(tx: Tx, event: NewEvent): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`
      INSERT INTO domain_events (type, subject_type, subject_id, actor_type, actor_id, payload)
      VALUES (${event.type}, ${event.subjectType}, ${event.subjectId}, ${event.actor.type},
              ${event.actor.id}, ${JSON.stringify(event.payload ?? {})}::jsonb)
      RETURNING id::text AS id`,
    );
    const id = row!.id;
    const names = [...this.consumers.values()].filter((c) => c.accepts(event)).map((c) => c.name);
    if (names.length > 0) {
      await tx.execute(sql`
        INSERT INTO event_deliveries (event_id, consumer)
        SELECT ${id}::bigint, name FROM unnest(${toPgArray(names)}::text[]) AS name`);
    }
    return id;
  }

  /**
   * Records many events in two statements (a billing run issues thousands at once). Same
   * guarantees as `record`: they commit with the caller's transaction or not at all.
   */
  async recordMany(tx: Tx, events: NewEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const col = (f: (e: NewEvent) => string) => toPgArray(events.map(f));
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`
      INSERT INTO domain_events (type, subject_type, subject_id, actor_type, actor_id, payload)
      SELECT t, st, sid, at, nullif(aid, '')::uuid, p::jsonb
      FROM unnest(${col((e) => e.type)}::text[], ${col((e) => e.subjectType)}::text[],
                  ${col((e) => e.subjectId)}::text[], ${col((e) => e.actor.type)}::text[],
                  ${col((e) => e.actor.id ?? '')}::text[], ${col((e) => JSON.stringify(e.payload ?? {}))}::text[])
           WITH ORDINALITY AS u(t, st, sid, at, aid, p, n)
      ORDER BY n
      RETURNING id::text AS id`,
    );
    // Identity values follow insertion order, which follows the ORDER BY: sorted, they line up with `events`.
    const ids = rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const eventIds: string[] = [];
    const consumers: string[] = [];
    events.forEach((event, i) => {
      for (const c of this.consumers.values()) {
        if (!c.accepts(event)) continue;
        eventIds.push(ids[i]!);
        consumers.push(c.name);
      }
    });
    if (consumers.length > 0) {
      await tx.execute(sql`
        INSERT INTO event_deliveries (event_id, consumer)
        SELECT e::bigint, c FROM unnest(${toPgArray(eventIds)}::text[], ${toPgArray(consumers)}::text[]) AS u(e, c)`);
    }
    return ids;
  }
}

/** A text[] literal; drizzle binds JS arrays differently per driver, a literal works on both. */
export function toPgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
