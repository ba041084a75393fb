import type { Config } from '../../../config.js';
import type { Consumer } from '../../../events/types.js';
import { groupAccountNumber } from '../../../lib/codes.js';
import { publicBaseUrl, type Communications } from '../../communications/index.js';
import { currentTenantProfile } from '../../tenancy/index.js';
import { UtilitiesEvents } from '../shared/index.js';
import { statementPdfPath } from './statement-links.js';
import { statementById } from './statements.js';

/**
 * Sends each issued statement's `utility.statement_issued` notice, in the customer's notice
 * language, from the `utilities.statement.issued` event. Issuing writes only the event, so a
 * 100,000-statement run is not held up by rendering 100,000 emails; the dispatcher queues them
 * right after, and the statement id keys each notice, so a redelivery queues nothing twice.
 */
export function statementNoticeConsumer(config: Config, communications: Communications): Consumer {
  return {
    name: 'utility-statement-notices',
    // History loaded from a previous system is issued without notices (issueCycle's imported: true),
    // so its events are not even queued for this consumer.
    accepts: (event) =>
      event.type === UtilitiesEvents.statementIssued &&
      (event.payload as { notify?: boolean }).notify !== false,
    async handle(tx, event) {
      const statement = await statementById(tx, event.subjectId);
      if (!statement?.email || statement.state !== 'issued') return;
      const tenant = await currentTenantProfile(tx);
      await communications.notify(tx, {
        to: { email: statement.email, name: statement.customer_name },
        language: statement.language,
        kind: 'utility.statement_issued',
        data: {
          name: statement.customer_name,
          accountNumber: groupAccountNumber(statement.account_number),
          amountDue: Math.max(0, statement.total_due_cents),
          dueDate: statement.due_date,
          // A signed link to the statement PDF: the resident opens it without signing in.
          portalUrl: `${publicBaseUrl(config, tenant.primaryHost)}${statementPdfPath(config.secret, tenant.id, statement.id)}`,
        },
        idempotencyKey: `statement:${statement.id}:issued:email:${statement.email}`,
        // Residents who linked the account get it too, on their channel and in their language.
        about: { module: 'utilities', id: statement.account_id },
      });
    },
  };
}
