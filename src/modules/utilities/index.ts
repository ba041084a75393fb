// Public API of the utilities module: customer accounts, meters, readings, rates, lookup.
export {
  openAccount,
  updateAccount,
  accountById,
  accountByNumber,
  searchAccounts,
  type UtilityContext,
} from './accounts.js';
export { createMeter, installMeter, removeMeter, swapMeter } from './meters.js';
export { applyReads } from './reads.js';
export { recordRead, resolveException } from './review.js';
export { importReads } from './import.js';
export { flagMissingReads } from './missing.js';
export { saveAccountType, saveSchedule, listSchedules } from './types.js';
export { rateConsumption, scheduleInEffect } from './rating.js';
export { UtilitiesEvents } from './events.js';
export { utilitiesRoutes } from './routes.js';
export { utilityTypesRoutes } from './routes-types.js';
export { utilitiesPortalRoutes } from './routes-portal.js';
