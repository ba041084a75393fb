// Accounts sub-module: customer accounts, meters, readings and consumption, the CSV import,
// the exceptions review, missing reads and the portal's balance lookup. Depends on shared/ only.
export {
  openAccount,
  updateAccount,
  accountById,
  accountByNumber,
  searchAccounts,
  onAccountClosing,
  type AccountClosingHook,
  type AccountRow,
} from './accounts.js';
export { createMeter, installMeter, removeMeter, swapMeter } from './meters.js';
export { applyReads } from './reads.js';
export { recordRead, resolveException } from './exceptions.js';
export { importReads } from './import.js';
export { flagMissingReads } from './missing-reads.js';
export {
  classifyUse,
  consumption,
  daysBetween,
  estimateUnits,
  isIsoDate,
  registerCapacity,
  type Read,
} from './consumption.js';
export { utilitiesRoutes } from './routes/plugin.js';
export { utilitiesPortalRoutes } from './routes/portal.js';
