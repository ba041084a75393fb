import { sql } from 'drizzle-orm';
import type { Consumer } from '../../events/types.js';
import { auditLog } from './tables.js';

/**
 * The audit log is a consumer of domain events: every event a staff member causes, every
 * sign-in attempt, and every resident account change (links, preferences, consent) becomes
 * one immutable row. The unique event_id makes a repeated delivery
 * a no-op even outside the dispatcher's own guarantee.
 */
export const auditConsumer: Consumer = {
  name: 'audit',
  accepts: (event) =>
    event.actor.type === 'staff' || event.type.startsWith('identity.') || event.type.startsWith('residents.'),
  async handle(tx, event) {
    await tx
      .insert(auditLog)
      .values({
        tenantId: sql`civq_current_tenant()`,
        eventId: Number(event.id),
        occurredAt: event.occurredAt,
        actorType: event.actor.type,
        actorId: event.actor.id,
        action: event.type,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        details: event.payload,
      })
      .onConflictDoNothing({ target: auditLog.eventId });
  },
};
