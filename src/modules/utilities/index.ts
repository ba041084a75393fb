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
export { createCycle, proposeNextCycle, addMonths } from './cycles.js';
export { calculateCycle, rateAccount } from './billing-calculate.js';
export { issueCycle } from './billing-issue.js';
export { listStatements, statementById, voidStatement, setExcluded } from './statements.js';
export { statementNoticeConsumer } from './statement-notices.js';
export { utilityBillingRoutes } from './routes-billing.js';
export { utilityDashboardRoutes } from './routes-dashboard.js';
export { runDelinquency, delinquentCount, type RunSummary } from './delinquency.js';
export { delinquencySettings } from './delinquency-settings.js';
export { utcToday } from './delinquency-fees.js';
export { utilityDelinquencyRoutes } from './routes-delinquency.js';
export { signStatementLink, statementPdfPath } from './statement-links.js';
export { enrolAutopay, cancelAutopay, createAutopayDebits } from './autopay.js';
export { createAchFile, achFileText, settleAchFile, recordReturn } from './autopay-files.js';
export { utilityAutopayRoutes } from './routes-autopay.js';
export { manifest } from './manifest.js';
