// Billing sub-module: cycles, calculating drafts, issuing, statements and their PDFs, signed
// statement links, statement notices and the Utility Billing home's figures. Depends on
// accounts, rates, autopay (debits at issuance) and shared/.
export { createCycle, proposeNextCycle, addMonths } from './cycles.js';
export { calculateCycle } from './calculate.js';
export { rateAccount } from './drafts.js';
export { issueCycle, type IssueDeps } from './issue.js';
export {
  listStatements,
  statementById,
  voidStatement,
  setExcluded,
  type StatementDetail,
} from './statements.js';
export { statementPdf } from './statement-pdf.js';
export { signStatementLink, statementPdfPath } from './statement-links.js';
export { statementNoticeConsumer } from './statement-notices.js';
export type { UtilityDashboard } from './dashboard.js';
export { utilityBillingRoutes } from './routes/plugin.js';
export { utilityDashboardRoutes } from './routes/dashboard.js';
