import type { Tx } from '../db/client.js';
import type { DomainEvent } from '../events/types.js';

/**
 * The contract between a module and My Activity (the activity module implements the store and
 * the consumer). A module plugs in by listing projectors in its manifest; the activity module
 * is not edited per module.
 */

/** The record a resident follows: a utility account, a 311 request, a permit application … */
export type Scope = { module: string; id: string };

/** The current state of a thing shown in My Activity. */
export type ItemState = { type: string; id: string; status: string; data?: Record<string, unknown> };

/**
 * What one event means for My Activity: the thing it is about (upserted with its current
 * status), optionally an entry to show in the feed of everyone following the scope, and
 * other things whose status changed as a side effect (the charges a payment paid).
 */
export type Projection = {
  scope: Scope;
  item: ItemState;
  /** `kind` is one of the projector's `kinds`. */
  entry?: { kind: string; data: Record<string, unknown> };
  related?: { type: string; id: string; status: string }[];
};

export type StoredItem = {
  type: string;
  id: string;
  scope: Scope;
  status: string;
  data: Record<string, unknown>;
};

export type ProjectorContext = {
  /** The projected state of a thing, when it is already known to My Activity. */
  item(type: string, id: string): Promise<StoredItem | undefined>;
  /** What the projector's `prefetch` returned for the batch this event is delivered in, if any. */
  prefetched?: unknown;
};

/** Turns a module's domain events into projections; nothing reads its tables at page time. */
export interface ActivityProjector {
  readonly name: string;
  /** The entry kinds it writes; residents filter My Activity by them (GET …/activity?kind=). */
  readonly kinds: readonly string[];
  accepts(type: string, payload: Record<string, unknown>): boolean;
  project(tx: Tx, event: DomainEvent, ctx: ProjectorContext): Promise<Projection[]>;
  /**
   * Optional, for a batch of events delivered together (a first start's history): what
   * project() would read per event, read once for all of them; handed back as ctx.prefetched.
   * Called before any of them is projected, so only for reads the projections don't change.
   */
  prefetch?(tx: Tx, events: DomainEvent[]): Promise<unknown>;
}
