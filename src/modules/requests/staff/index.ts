// The staff work queue of 311 requests: list, map, KPIs, the request page and the work on it.
export { staffRoutes } from './routes.js';
export { openByAccount } from './queue.js';
export { NEXT_STATUSES } from './work.js';
