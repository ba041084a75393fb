// Delinquency sub-module: the rules (settings), late fees, the daily run, the list,
// disconnection and reconnection, and the shutoff warning PDF. Depends on billing, rates and
// shared/.
export { runDelinquency, delinquentCount, type RunSummary } from './run.js';
export { delinquencySettings } from './settings.js';
export { addDays, lastDayBeforePastDue, lateFeeCents, utcToday } from './fees.js';
export { shutoffWarningPdf } from './shutoff-pdf.js';
export { utilityDelinquencyRoutes } from './routes/plugin.js';
