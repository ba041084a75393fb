import type { Tx } from '../db/client.js';

/** Who caused a change. `id` is a staff user or resident id; null for public and system. */
export type Actor =
  | { type: 'staff'; id: string }
  | { type: 'resident'; id: string }
  | { type: 'public'; id: null }
  | { type: 'system'; id: null };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };
export const PUBLIC_ACTOR: Actor = { type: 'public', id: null };

/** What a module records: a fact about one subject (an aggregate) in past tense. */
export type NewEvent = {
  /** `<module>.<subject>.<past-tense verb>`, e.g. `identity.staff.created`. */
  type: string;
  subjectType: string;
  subjectId: string;
  actor: Actor;
  /** Enough for consumers to act without reading the producer's tables; no secrets. */
  payload?: Record<string, unknown>;
};

export type DomainEvent = Required<NewEvent> & { id: string; tenantId: string; occurredAt: Date };

/**
 * A consumer reacts to events (audit log, communications, My Activity). `handle` runs in a
 * transaction of the event's tenant that also marks the delivery done, so its database
 * effects apply exactly once; effects outside the database need their own idempotency key
 * (the event id is a good one).
 */
export interface Consumer {
  /** Stable name; it is stored with each pending delivery. */
  readonly name: string;
  accepts(event: NewEvent): boolean;
  handle(tx: Tx, event: DomainEvent): Promise<void>;
}
