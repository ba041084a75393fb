// Public API of the payments module: one ledger for every charge. Other modules post charges,
// record payments and read balances through these functions, inside their own transaction.
export {
  createCharge,
  voidCharge,
  recordPayment,
  reversePayment,
  refundPayment,
  parseReferenceCode,
  type LedgerContext,
} from './service.js';
export {
  postCharges,
  sourceBalances,
  sourcePaymentsSince,
  chargeStates,
  chargeStatusOf,
  overdueBalances,
  type BulkCharge,
  type SourceFigures,
  type ChargeState,
} from './bulk.js';
export { recordSourcePayments, type BulkPayment } from './bulk-payments.js';
export { sourceBalance, sourceDates, sourcePaidSince, chargeById, type Source } from './queries.js';
export { loadPayment, type PaymentDetail } from './views.js';
export { receiptPdf } from './pdf.js';
export { ledgerSummary, depositReport } from './reports.js';
export {
  sourceMonthlyFigures,
  sourceOutstanding,
  largestSourceBalances,
  type SourceMonth,
  type SourceOutstanding,
} from './source-report.js';
export { PaymentsEvents } from './events.js';
export { paymentsReadRoutes } from './routes.js';
export { paymentsMoneyRoutes } from './routes-money.js';
export { paymentsDocumentRoutes } from './routes-documents.js';
export { manifest } from './manifest.js';
