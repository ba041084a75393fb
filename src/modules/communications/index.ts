// Public API of the communications module: notify inside your transaction; the worker delivers.
import type { Config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import { notify, type NotifyInput, type NotifyResult } from './service.js';

export type { NotifyInput, NotifyResult } from './service.js';
export { registerNoticeKind, noticeKind, noticeKinds, type NoticeKind } from './kinds.js';
export { renderNotice } from './render.js';
export { publicBaseUrl } from './service.js';
export { MessageWorker } from './worker.js';
export { SmtpEmailChannel, LogEmailChannel, DeliveryError, type Channel } from './channels.js';
export { communicationsConsumer } from './consumer.js';
export { communicationsRoutes } from './routes.js';
export { unsubscribeRoutes } from './unsubscribe-routes.js';
export { CommunicationsEvents } from './events.js';

/** What other modules are handed (platform.communications). */
export type Communications = { notify(tx: Tx, input: NotifyInput): Promise<NotifyResult> };

export function createCommunications(config: Config): Communications {
  return { notify: (tx, input) => notify(tx, config, input) };
}
