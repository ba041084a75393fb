// Public API of the communications module: notify inside your transaction; the worker delivers.
import type { Config } from '../../config.js';
import type { Communications } from '../../kernel/notices.js';
import { NoticeRouter } from './recipients.js';

export type { NotifyInput, NotifyResult } from './service.js';
export { publicBaseUrl } from './service.js';
export type { NoticeSubject, RecipientResolver, ResolvedRecipient } from './recipients.js';
export { noticeKind, noticeKinds, type NoticeKind } from './kinds.js';
export type { Communications } from '../../kernel/notices.js';
export { manifest } from './manifest.js';
export { renderNotice } from './render.js';
export { MessageWorker } from './worker.js';
export { SmtpEmailChannel, LogEmailChannel, DeliveryError, type Channel } from './channels.js';
export { communicationsConsumer } from './consumer.js';
export { communicationsRoutes } from './routes.js';
export { unsubscribeRoutes } from './unsubscribe-routes.js';
export { CommunicationsEvents } from './events.js';

export function createCommunications(config: Config): Communications {
  const router = new NoticeRouter(config);
  return {
    notify: (tx, input) => router.notify(tx, input),
    notifyFollowers: (tx, input) => router.notifyFollowers(tx, input),
    notifyMany: (tx, inputs) => router.notifyMany(tx, inputs),
    addRecipientResolver: (resolver) => router.addRecipientResolver(resolver),
  };
}
export * from './push/index.js'; // web push: subscriptions, PushChannel, queuePush, hasLivePushSubscription
