// Public API of the activity module: My Activity, a projection of domain events per resident.
export { activityConsumer } from './consumer.js';
export { statementProjector } from './projectors.js';
export { manifest } from './manifest.js';
export {
  follow,
  unfollow,
  forgetResident,
  feedPage,
  decodeCursor,
  residentSees,
  allEntries,
  type FeedEntry,
} from './store.js';
export {
  activityKinds,
  type ActivityKind,
  type ActivityProjector,
  type Projection,
  type Scope,
} from './types.js';
