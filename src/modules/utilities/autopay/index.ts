// Autopay sub-module: enrolment in bank draft, debits at issuance, NACHA files, settlement and
// returns, the entity's ACH settings. Depends on accounts and shared/.
import { onAccountClosing } from '../accounts/index.js';
import { endAutopayOfClosedAccount } from './enrolment.js';

// Closing an account ends its enrolment in the same transaction (accounts does not import autopay).
onAccountClosing(endAutopayOfClosedAccount);

export {
  enrolAutopay,
  cancelAutopay,
  createAutopayDebits,
  bankAad,
  resealBankDetails,
  BANK_DETAILS_PURPOSE,
} from './enrolment.js';
export { createAchFile, achFileText } from './files.js';
export { settleAchFile, recordReturn } from './settlement.js';
export {
  AchInputError,
  buildAchFile,
  isValidRoutingNumber,
  toNachaText,
  validateAchFile,
  type AchBatch,
  type AchEntry,
  type AchFile,
} from './nacha.js';
export { utilityAutopayRoutes } from './routes/plugin.js';
