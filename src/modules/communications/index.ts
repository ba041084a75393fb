// Public API of the communications module: notify inside your transaction; the worker delivers.
import type { Config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import { NoticeRouter, type NoticeSubject, type RecipientResolver } from './recipients.js';
import type { NotifyInput, NotifyResult } from './service.js';

export type { NotifyInput, NotifyResult } from './service.js';
export { publicBaseUrl } from './service.js';
export type { NoticeSubject, RecipientResolver, ResolvedRecipient } from './recipients.js';
export { registerNoticeKind, noticeKind, noticeKinds, type NoticeKind } from './kinds.js';
export { renderNotice } from './render.js';
export { MessageWorker } from './worker.js';
export { SmtpEmailChannel, LogEmailChannel, DeliveryError, type Channel } from './channels.js';
export { communicationsConsumer } from './consumer.js';
export { communicationsRoutes } from './routes.js';
export { unsubscribeRoutes } from './unsubscribe-routes.js';
export { CommunicationsEvents } from './events.js';

/** What other modules are handed (platform.communications). */
export type Communications = {
  notify(tx: Tx, input: NotifyInput): Promise<NotifyResult>;
  /** A notice about a record with no address of its own: only the people following it get it. */
  notifyFollowers(
    tx: Tx,
    input: Omit<NotifyInput, 'to' | 'language' | 'about'> & { about: NoticeSubject },
  ): Promise<number>;
  /** Registers who else hears of notices about a record (the residents module does). */
  addRecipientResolver(resolver: RecipientResolver): void;
};

export function createCommunications(config: Config): Communications {
  const router = new NoticeRouter(config);
  return {
    notify: (tx, input) => router.notify(tx, input),
    notifyFollowers: (tx, input) => router.notifyFollowers(tx, input),
    addRecipientResolver: (resolver) => router.addRecipientResolver(resolver),
  };
}
