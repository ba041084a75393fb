import type { Tx } from '../../db/client.js';
import type { Consumer, DomainEvent, NewEvent } from '../../events/types.js';
import { batchable, projectEvents } from './batch.js';
import { applyProjection, findItem } from './store.js';
import { installedProjectors, type ActivityProjector } from './types.js';

/**
 * My Activity as a consumer of domain events. Its writes commit with the delivery's "done"
 * mark, so a repeated or crashed delivery projects an event exactly once. An event a resident
 * caused (a 311 report filed while signed in) makes that resident follow its scope: items
 * filed while signed in link themselves. The projectors are the installed modules' unless a
 * test hands its own.
 */
export function activityConsumer(
  projectors?: readonly ActivityProjector[],
): Consumer & { handleMany(tx: Tx, events: DomainEvent[]): Promise<void> } {
  const interested = (event: NewEvent) =>
    (projectors ?? installedProjectors()).filter((p) =>
      p.accepts(event.type, (event.payload ?? {}) as Record<string, unknown>),
    );
  return {
    /** Many deliveries in one transaction, in event order (see batch.ts). */
    async handleMany(tx, events) {
      if (batchable(events)) return projectEvents(tx, events, interested);
      for (const event of events) await this.handle(tx, event);
    },
    name: 'activity',
    accepts: (event) => interested(event).length > 0,
    async handle(tx, event) {
      const ctx = { item: (type: string, id: string) => findItem(tx, type, id) };
      const actor = event.actor.type === 'resident' ? event.actor.id : null;
      for (const projector of interested(event)) {
        for (const projection of await projector.project(tx, event, ctx)) {
          await applyProjection(tx, event.id, event.type, event.occurredAt, projection, actor);
        }
      }
    },
  };
}
