import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import { withSystem, withTenant } from '../db/tenant-context.js';
import type { EventBus } from './bus.js';
import type { DomainEvent } from './types.js';

type Logger = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

export type DispatcherOptions = {
  pollMs: number;
  batchSize?: number;
  /** After this many failed attempts a delivery is marked dead and left for staff to inspect. */
  maxAttempts?: number;
  log: Logger;
};

type DueRow = { event_id: string; consumer: string; tenant_id: string };
type ClaimedRow = {
  id: string;
  tenant_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor_type: DomainEvent['actor']['type'];
  actor_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: string | Date;
};

/**
 * Delivers recorded events to their consumers, at least once, with retries.
 *
 * Each delivery runs in a transaction of the event's tenant that first locks its pending
 * delivery row (SKIP LOCKED, so several app servers can dispatch side by side), then runs the
 * consumer, then marks the row done. A crash anywhere before the commit rolls everything back
 * and the delivery is simply picked up again.
 */
export class EventDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly opts: DispatcherOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err) => this.opts.log.error({ err }, 'event dispatch round failed'))
        .then((n) => this.schedule(typeof n === 'number' && n > 0 ? 0 : this.opts.pollMs));
    }, ms);
  }

  /** Processes the deliveries due now; returns how many were attempted. */
  async runOnce(): Promise<number> {
    const due = await withSystem(this.db, (tx) =>
      queryRows<DueRow>(
        tx,
        sql`
        SELECT event_id::text AS event_id, consumer, tenant_id
        FROM event_deliveries
        WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY event_id
        LIMIT ${this.opts.batchSize ?? 100}`,
      ),
    );
    for (const row of due) await this.deliver(row);
    return due.length;
  }

  /** Runs rounds until nothing is due (tests, CLI). Deliveries waiting for a retry are left. */
  async drain(maxRounds = 100): Promise<void> {
    for (let i = 0; i < maxRounds; i++) if ((await this.runOnce()) === 0) return;
  }

  private async deliver(row: DueRow): Promise<void> {
    const consumer = this.bus.consumer(row.consumer);
    try {
      await withTenant(this.db, row.tenant_id, async (tx) => {
        const [e] = await queryRows<ClaimedRow>(
          tx,
          sql`
          SELECT e.id::text AS id, e.tenant_id, e.type, e.subject_type, e.subject_id, e.actor_type,
                 e.actor_id, e.payload, e.occurred_at
          FROM event_deliveries d JOIN domain_events e ON e.id = d.event_id
          WHERE d.event_id = ${row.event_id} AND d.consumer = ${row.consumer} AND d.status = 'pending'
          FOR UPDATE OF d SKIP LOCKED`,
        );
        if (!e) return; // another dispatcher has it, or it is already done
        if (!consumer) throw new Error(`no consumer named ${row.consumer} in this build`);
        await consumer.handle(tx, {
          id: e.id,
          tenantId: e.tenant_id,
          type: e.type,
          subjectType: e.subject_type,
          subjectId: e.subject_id,
          actor: { type: e.actor_type, id: e.actor_id } as DomainEvent['actor'],
          payload: e.payload,
          occurredAt: new Date(e.occurred_at),
        });
        await tx.execute(sql`
          UPDATE event_deliveries
          SET status = 'done', attempts = attempts + 1, delivered_at = now(), last_error = NULL
          WHERE event_id = ${row.event_id} AND consumer = ${row.consumer}`);
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const maxAttempts = this.opts.maxAttempts ?? 10;
      await withTenant(this.db, row.tenant_id, (tx) =>
        tx.execute(sql`
          UPDATE event_deliveries
          SET attempts = attempts + 1,
              last_error = ${message.slice(0, 2000)},
              status = CASE WHEN attempts + 1 >= ${maxAttempts} THEN 'dead' ELSE 'pending' END,
              -- exponential backoff: 2 s, 4 s, 8 s … capped at one hour
              next_attempt_at = now() + make_interval(secs => least(power(2, attempts + 1), 3600))
          WHERE event_id = ${row.event_id} AND consumer = ${row.consumer} AND status = 'pending'`),
      );
      this.opts.log.warn(
        { eventId: row.event_id, consumer: row.consumer, error: message },
        'event delivery failed; will retry',
      );
    }
  }
}
