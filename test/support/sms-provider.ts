import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the SMS provider (Twilio's Messages API shape), on 127.0.0.1. It
 * accepts POST /2010-04-01/Accounts/{sid}/Messages.json with basic auth and a form body,
 * records each text and answers a Twilio-shaped Message resource; and, like the provider, it
 * calls the app back: signed status callbacks to each text's StatusCallback URL, and signed
 * inbound texts to the number's webhook. Signatures are computed here, independently of the
 * app: HMAC-SHA1 with the auth token over the URL and the sorted form parameters, base64.
 */
export type SentText = {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string;
};

export class FakeSmsProvider {
  readonly accountSid = `AC${crypto.randomBytes(16).toString('hex')}`;
  readonly authToken = crypto.randomBytes(16).toString('hex');
  readonly number = '+19565550000';
  readonly sent: SentText[] = [];
  /** Answer the next sends with this HTTP status and Twilio error (then back to 201). */
  failNext: { status: number; code: number; message: string }[] = [];
  private server: http.Server | undefined;
  url = '';
  /** Where the app listens: callbacks connect here, with the Host header of the callback URL. */
  appAddress = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The environment that points the app at this provider. */
  env(): Record<string, string> {
    return {
      SMS_URL: this.url,
      SMS_ACCOUNT_SID: this.accountSid,
      SMS_AUTH_TOKEN: this.authToken,
      SMS_FROM: this.number,
    };
  }

  textsTo(phone: string): SentText[] {
    return this.sent.filter((m) => m.to === phone);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    const auth = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.method !== 'POST' || req.url !== path)
      return json(404, { code: 20404, message: 'Not found', status: 404 });
    if (req.headers.authorization !== auth) {
      return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const failure = this.failNext.shift();
    if (failure) return json(failure.status, { ...failure, more_info: 'https://www.twilio.com/docs/errors' });
    const to = form.get('To') ?? '';
    if (!/^\+[1-9]\d{7,14}$/.test(to)) {
      return json(400, {
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
        status: 400,
      });
    }
    const text: SentText = {
      sid: `SM${crypto.randomBytes(16).toString('hex')}`,
      to,
      from: form.get('From'),
      messagingServiceSid: form.get('MessagingServiceSid'),
      body: form.get('Body') ?? '',
      statusCallback: form.get('StatusCallback') ?? '',
    };
    this.sent.push(text);
    const now = new Date().toUTCString();
    json(201, {
      sid: text.sid,
      account_sid: this.accountSid,
      messaging_service_sid: text.messagingServiceSid,
      from: text.from,
      to: text.to,
      body: text.body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${text.sid}.json`,
    });
  }

  sign(url: string, params: Record<string, string>, token = this.authToken): string {
    let data = url;
    for (const key of Object.keys(params).sort()) data += key + params[key];
    return crypto.createHmac('sha1', token).update(data).digest('base64');
  }

  /** POSTs a signed form to `url` (connecting to the app's address), as the provider does. */
  async post(
    url: string,
    params: Record<string, string>,
    opts: { signature?: string } = {},
  ): Promise<{ status: number; body: string }> {
    const target = new URL(url);
    const body = new URLSearchParams(params).toString();
    const [host, port] = this.appAddress.split(':');
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host,
          port: Number(port),
          method: 'POST',
          path: `${target.pathname}${target.search}`,
          headers: {
            host: target.host,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'x-twilio-signature': opts.signature ?? this.sign(url, params),
            'user-agent': 'TwilioProxy/1.1',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The status callback for one text (queued, sent, delivered, undelivered, failed). */
  statusCallback(text: SentText, status: string, opts: { errorCode?: string; signature?: string } = {}) {
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      From: text.from ?? this.number,
      MessageSid: text.sid,
      MessageStatus: status,
      SmsSid: text.sid,
      SmsStatus: status,
      To: text.to,
      ...(opts.errorCode && { ErrorCode: opts.errorCode }),
    };
    return this.post(text.statusCallback, params, opts);
  }

  /** A text from a phone to the entity's number, sent to the number's webhook URL. */
  inbound(webhookUrl: string, from: string, body: string, opts: { signature?: string } = {}) {
    const sid = `SM${crypto.randomBytes(16).toString('hex')}`;
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      Body: body,
      From: from,
      FromCountry: 'US',
      MessageSid: sid,
      NumMedia: '0',
      NumSegments: '1',
      SmsMessageSid: sid,
      SmsSid: sid,
      SmsStatus: 'received',
      To: this.number,
      ToCountry: 'US',
    };
    return this.post(webhookUrl, params, opts);
  }
}
