import type { Tx } from '../../../db/client.js';
import type { EventBus } from '../../../events/bus.js';
import type { Actor } from '../../../events/types.js';

/** What every utilities service runs in: the tenant's transaction, the event bus and who acts. */
export type UtilityContext = { tx: Tx; events: EventBus; actor: Actor };
