import { derived } from '../../kernel/modules.js';

// The projector contract is the kernel's (modules list projectors in their manifests).
export type {
  ActivityProjector,
  ItemState,
  Projection,
  ProjectorContext,
  Scope,
  StoredItem,
} from '../../kernel/activity.js';

/** An entry kind My Activity can filter by: one of an installed projector's `kinds`. */
export type ActivityKind = string;

/** Every installed module's projectors, in MODULES order. */
export const installedProjectors = derived((modules) => modules.flatMap((m) => m.activityProjectors ?? []));

/** The kinds My Activity can filter by, in MODULES order (statement, charge, payment, refund today). */
export const activityKinds = derived((modules) => [
  ...new Set(modules.flatMap((m) => m.activityProjectors ?? []).flatMap((p) => p.kinds)),
]);
