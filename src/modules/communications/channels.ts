import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import type { ChannelName } from './tables.js';

/** What a channel is handed to deliver: one stored message row. */
export type OutgoingMessage = {
  id: string;
  recipient: string;
  recipientName: string | null;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  unsubscribeUrl: string | null;
  /** The host the Message-ID is made under (the entity's primary hostname). */
  domain: string;
  /** Texts: the entity's own sender, when it has one (else the install's SMS_FROM). */
  sender?: { from: string | null; messagingServiceSid: string | null };
};

/**
 * A delivery channel (email, SMS; push plugs in the same way). `send` resolves with the
 * provider's id, or throws a DeliveryError that says whether trying again could help.
 */
export interface Channel {
  readonly name: ChannelName;
  /** How it delivers, recorded on each message: smtp, log … */
  readonly via: string;
  send(message: OutgoingMessage): Promise<{ providerMessageId: string }>;
  close(): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** A permanent failure (e.g. SMTP 5xx: no such mailbox) is not retried. */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * The Message-ID is derived from the message row, so a message sent again after a crash
 * carries the same id and mail systems can recognise the duplicate.
 */
export const messageIdFor = (m: Pick<OutgoingMessage, 'id' | 'domain'>) => `<${m.id}@${m.domain}>`;

/** Email over SMTP with nodemailer: UTF-8, multipart text + HTML, RFC 8058 one-click unsubscribe. */
export class SmtpEmailChannel implements Channel {
  readonly name = 'email' as const;
  readonly via = 'smtp';
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    opts: { maxConnections?: number; timeoutMs?: number } = {},
  ) {
    const timeout = opts.timeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: opts.maxConnections ?? 5,
      maxMessages: 1000,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    } as TransportOptions);
  }

  async send(m: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const messageId = messageIdFor(m);
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.recipientName ? { name: m.recipientName, address: m.recipient } : m.recipient,
        subject: m.subject,
        text: m.bodyText,
        ...(m.bodyHtml && { html: m.bodyHtml }),
        messageId,
        textEncoding: 'quoted-printable',
        ...(m.unsubscribeUrl && {
          list: { unsubscribe: { url: m.unsubscribeUrl, comment: 'Unsubscribe' } },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        }),
      });
      return { providerMessageId: String(info.messageId ?? messageId) };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** 5xx replies are permanent; connection trouble and 4xx replies are worth another try. */
export function classifySmtpError(err: unknown): DeliveryError {
  const e = err as { message?: string; responseCode?: number; code?: string };
  const code = e.responseCode;
  const permanent = typeof code === 'number' && code >= 500 && code < 600;
  const detail = [e.code, code, e.message].filter((x) => x !== undefined && x !== '').join(' ');
  return new DeliveryError(detail || 'SMTP delivery failed', permanent);
}

/**
 * With no mail server configured (the embedded demo), email is "delivered" to the server's
 * log: the message is marked sent via `log`, and staff see that plainly in the communications log.
 */
export class LogEmailChannel implements Channel {
  readonly name = 'email' as const;
  readonly via = 'log';
  constructor(private readonly log: { debug(obj: object, msg: string): void }) {}

  async send(m: OutgoingMessage): Promise<{ providerMessageId: string }> {
    // The content stays in the database; the log line names the message, not the person.
    // Debug level: a fresh demo queues hundreds of notices, and the start summary says where they go.
    this.log.debug({ messageId: m.id }, 'email recorded to the local log (no SMTP_URL configured)');
    return { providerMessageId: messageIdFor(m) };
  }

  async close(): Promise<void> {}
}
