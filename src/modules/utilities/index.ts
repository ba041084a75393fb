// Public API of the utilities module: customer accounts, meters, readings, rates, billing,
// delinquency and autopay — re-exported from its five sub-modules (see docs/utilities.md).
export {
  openAccount,
  updateAccount,
  accountById,
  accountByNumber,
  searchAccounts,
  createMeter,
  installMeter,
  removeMeter,
  swapMeter,
  applyReads,
  recordRead,
  resolveException,
  importReads,
  flagMissingReads,
  utilitiesRoutes,
  utilitiesPortalRoutes,
} from './accounts/index.js';
export type { UtilityContext } from './shared/index.js';
export { UtilitiesEvents } from './shared/index.js';
export {
  saveAccountType,
  saveSchedule,
  listSchedules,
  rateConsumption,
  scheduleInEffect,
  utilityTypesRoutes,
} from './rates/index.js';
export {
  createCycle,
  proposeNextCycle,
  addMonths,
  calculateCycle,
  rateAccount,
  issueCycle,
  listStatements,
  statementById,
  voidStatement,
  setExcluded,
  statementNoticeConsumer,
  signStatementLink,
  statementPdfPath,
  utilityBillingRoutes,
  utilityDashboardRoutes,
} from './billing/index.js';
export {
  runDelinquency,
  delinquentCount,
  delinquencySettings,
  utcToday,
  utilityDelinquencyRoutes,
  type RunSummary,
} from './delinquency/index.js';
export {
  enrolAutopay,
  cancelAutopay,
  createAutopayDebits,
  createAchFile,
  achFileText,
  settleAchFile,
  recordReturn,
  resealBankDetails,
  BANK_DETAILS_PURPOSE,
  utilityAutopayRoutes,
} from './autopay/index.js';
// For 311 requests: address search and linking a report to the account at its address.
export { searchServiceAddresses, accountAtServiceAddress } from './accounts/service-addresses.js';
export { manifest } from './manifest.js';
