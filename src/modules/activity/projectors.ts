import type { ActivityProjector, Scope } from './types.js';

const utilitiesScope = (id: unknown): Scope => ({ module: 'utilities', id: String(id) });

/**
 * Utility statements (events emitted by the utilities module's billing runs; the utilities
 * manifest lists this projector). It reads only the events' payloads, so it needs nothing
 * from utilities:
 *   utilities.statement.issued          { accountId, statementNumber, cycleId, totalDueCents,
 *                                         currentChargesCents, dueDate, issuedOn }
 *   utilities.statement.voided          { accountId, statementNumber, status }
 *   utilities.statement.status_changed  { accountId, statementNumber, status }
 */
export const statementProjector: ActivityProjector = {
  name: 'utility-statements',
  kinds: ['statement'],
  accepts: (type) => type.startsWith('utilities.statement.'),
  async project(_tx, event) {
    const p = event.payload as {
      accountId?: string;
      statementNumber?: string;
      totalDueCents?: number;
      currentChargesCents?: number;
      dueDate?: string;
      issuedOn?: string;
      status?: string;
    };
    if (!p.accountId) return [];
    const scope = utilitiesScope(p.accountId);
    const item = { type: 'utility_statement', id: event.subjectId };
    if (event.type === 'utilities.statement.issued') {
      const data = {
        statementNumber: p.statementNumber ?? null,
        totalDueCents: p.totalDueCents ?? null,
        currentChargesCents: p.currentChargesCents ?? null,
        dueDate: p.dueDate ?? null,
        issuedOn: p.issuedOn ?? null,
      };
      return [{ scope, item: { ...item, status: 'issued', data }, entry: { kind: 'statement', data } }];
    }
    const status = event.type === 'utilities.statement.voided' ? 'void' : p.status;
    if (!status) return [];
    return [
      {
        scope,
        item: { ...item, status },
        entry: { kind: 'statement', data: { statementNumber: p.statementNumber ?? null, status } },
      },
    ];
  },
};
