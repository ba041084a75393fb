import crypto from 'node:crypto';
import { DeliveryError, type Channel, type OutgoingMessage } from './channels.js';

/**
 * SMS segment counting: GSM-7 fits 160 characters in one segment (153 each when split);
 * a single character outside it (á, í, ó, ú…) switches the whole text to UCS-2: 70 (67).
 */
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€';

/** gsm7 when every character is in the GSM-7 alphabet (or its extension), else ucs2. */
export function smsEncoding(text: string): 'gsm7' | 'ucs2' {
  return [...text].every((c) => GSM7.includes(c) || GSM7_EXTENDED.includes(c)) ? 'gsm7' : 'ucs2';
}

export function smsSegments(text: string): number {
  const chars = [...text];
  const gsm = smsEncoding(text) === 'gsm7';
  if (gsm) {
    const units = chars.reduce((n, c) => n + (GSM7_EXTENDED.includes(c) ? 2 : 1), 0);
    return units <= 160 ? 1 : Math.ceil(units / 153);
  }
  const units = [...text].reduce((n, c) => n + (c.codePointAt(0)! > 0xffff ? 2 : 1), 0);
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

/** One text to send through the provider. */
export type SmsRequest = {
  to: string;
  body: string;
  /** The entity's number (E.164) … */
  from: string | null;
  /** … or its messaging service, which picks a number (one of the two is needed). */
  messagingServiceSid: string | null;
  /** Where the provider reports queued / sent / delivered / undelivered / failed. */
  statusCallback: string;
};

/** What a provider answers when it accepts a text. */
export type SmsAccepted = { sid: string; status: string };

/** The provider interface: one adapter per SMS API. */
export interface SmsProvider {
  readonly name: string;
  send(request: SmsRequest): Promise<SmsAccepted>;
}

export type SmsSettings = { url: string; accountSid: string; authToken: string };

/**
 * Twilio's Messages API: POST {url}/2010-04-01/Accounts/{AccountSid}/Messages.json, form
 * encoded (To, From or MessagingServiceSid, Body, StatusCallback), HTTP basic auth with the
 * account SID and auth token. 201 answers the Message resource as JSON (sid SM…, status
 * queued/accepted); errors answer {code, message, status}. A 4xx other than 429 will not get
 * better by trying again (21211 invalid number, 21610 the number replied STOP, 21614 not a
 * mobile); 429, 5xx and network trouble will.
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio';
  constructor(
    private readonly settings: SmsSettings,
    private readonly timeoutMs = 30_000,
  ) {}

  async send(r: SmsRequest): Promise<SmsAccepted> {
    const form = new URLSearchParams({ To: r.to, Body: r.body, StatusCallback: r.statusCallback });
    if (r.messagingServiceSid) form.set('MessagingServiceSid', r.messagingServiceSid);
    else if (r.from) form.set('From', r.from);
    else throw new DeliveryError('no SMS sender configured (SMS_FROM or the entity’s number)', true);
    const { url, accountSid, authToken } = this.settings;
    const endpoint = `${url.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new DeliveryError(`SMS provider unreachable: ${(err as Error).message}`, false);
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // an HTML error page from a proxy: the status says enough
    }
    if (res.status >= 200 && res.status < 300 && typeof json.sid === 'string') {
      return { sid: json.sid, status: String(json.status ?? 'queued') };
    }
    const detail = [res.status, json.code, json.message].filter((x) => x !== undefined && x !== '').join(' ');
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
    throw new DeliveryError(detail || `SMS provider answered ${res.status}`, permanent);
  }
}

/**
 * Texts through a provider. The status callback goes to the entity's own host (the tenant is
 * known from it) and is accepted only with the provider's signature.
 */
export class SmsChannel implements Channel {
  readonly name = 'sms' as const;
  readonly via: string;
  constructor(
    private readonly provider: SmsProvider,
    /** The base URL of the entity with this hostname (publicBaseUrl). */
    private readonly baseUrl: (domain: string) => string,
    private readonly defaults: { from: string | null; messagingServiceSid: string | null },
  ) {
    this.via = provider.name;
  }

  async send(m: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const accepted = await this.provider.send({
      to: m.recipient,
      body: m.bodyText,
      from: m.sender?.from ?? this.defaults.from,
      messagingServiceSid:
        m.sender?.messagingServiceSid ?? (m.sender?.from ? null : this.defaults.messagingServiceSid),
      statusCallback: `${this.baseUrl(m.domain)}${SMS_STATUS_PATH}`,
    });
    return { providerMessageId: accepted.sid };
  }

  async close(): Promise<void> {}
}

/** Without SMS_URL (the embedded demo) texts are recorded, not sent, and the log says `log`. */
export class LogSmsChannel implements Channel {
  readonly name = 'sms' as const;
  readonly via = 'log';
  constructor(private readonly log: { debug(obj: object, msg: string): void }) {}

  async send(m: OutgoingMessage): Promise<{ providerMessageId: string }> {
    this.log.debug({ messageId: m.id }, 'text recorded to the local log (no SMS_URL configured)');
    return { providerMessageId: `log-${m.id}` };
  }

  async close(): Promise<void> {}
}

export const SMS_STATUS_PATH = '/api/v1/communications/sms/status';
export const SMS_INBOUND_PATH = '/api/v1/communications/sms/inbound';

/**
 * The provider's request signature (X-Twilio-Signature): HMAC-SHA1, keyed with the auth
 * token, of the full URL the provider called followed by every POST parameter, sorted by
 * name, as name + value with no separators; base64.
 */
export function smsSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return crypto.createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function validSmsSignature(
  authToken: string,
  signature: string | undefined,
  urls: string[],
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature);
  return urls.some((url) => {
    const expected = Buffer.from(smsSignature(authToken, url, params));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

export type SmsKeyword = { action: 'stop' | 'start' | 'help'; language: 'en' | 'es' | null };

// The carriers' standard words (CTIA) and the Spanish ones people actually send.
const KEYWORDS: Record<string, SmsKeyword> = {
  ...Object.fromEntries(
    ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'].map((w) => [
      w,
      { action: 'stop', language: 'en' },
    ]),
  ),
  ...Object.fromEntries(
    ['PARAR', 'ALTO', 'CANCELAR', 'BAJA', 'DETENER', 'PARE', 'NOMAS'].map((w) => [
      w,
      { action: 'stop', language: 'es' },
    ]),
  ),
  ...Object.fromEntries(['START', 'UNSTOP', 'YES'].map((w) => [w, { action: 'start', language: 'en' }])),
  ...Object.fromEntries(
    ['ALTA', 'INICIAR', 'COMENZAR', 'SI', 'REANUDAR'].map((w) => [w, { action: 'start', language: 'es' }]),
  ),
  HELP: { action: 'help', language: 'en' },
  INFO: { action: 'help', language: null },
  AYUDA: { action: 'help', language: 'es' },
};

/** The keyword a whole inbound text is, if any: "Stop", " PARAR. ", "sí", "no más" all count. */
export function smsKeyword(body: string): SmsKeyword | null {
  const word = body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return KEYWORDS[word] ?? null;
}
