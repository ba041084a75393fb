import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
// http_ece: the reference implementation of RFC 8188 (by the RFC's author), used here the way a
// browser's push client would: to decrypt what the push service hands it.
import ece from 'http_ece';

/** One POST the push service received, as the browser's push client would get it. */
export type ReceivedPush = {
  subscriptionId: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

/** A browser as far as push goes: its P-256 key pair and auth secret (RFC 8291), and its endpoint. */
export type TestBrowser = {
  id: string;
  /** What PushSubscription.toJSON() would give. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Decrypts an aes128gcm push message addressed to this browser. */
  decrypt(body: Buffer): string;
};

/**
 * A Web Push service (RFC 8030) on 127.0.0.1 over HTTPS with a certificate made for the test:
 * it accepts POST /push/<id>, records the request and answers 201 with a Location, or the
 * status set for that subscription (410 Gone: the browser unsubscribed). `agent` trusts its
 * certificate, for the PushChannel under test.
 */
export async function startPushService() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-push-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const cert = fs.readFileSync(path.join(dir, 'cert.pem'));
  const key = fs.readFileSync(path.join(dir, 'key.pem'));
  fs.rmSync(dir, { recursive: true, force: true });

  const received: ReceivedPush[] = [];
  const statusFor = new Map<string, number>();
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/push\/([A-Za-z0-9-]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.writeHead(404).end();
        return;
      }
      const subscriptionId = match[1]!;
      received.push({ subscriptionId, headers: req.headers, body: Buffer.concat(chunks) });
      const status = statusFor.get(subscriptionId) ?? 201;
      if (status === 201) res.writeHead(201, { location: `/message/${crypto.randomUUID()}` }).end();
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  const agent = new https.Agent({ ca: cert, keepAlive: false });

  return {
    origin,
    agent,
    received,
    /** A new browser subscribed to this service, with fresh keys. */
    browser(): TestBrowser {
      const id = crypto.randomUUID();
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = crypto.randomBytes(16);
      return {
        id,
        subscription: {
          endpoint: `${origin}/push/${id}`,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
        decrypt: (body) =>
          ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8'),
      };
    },
    /** What the service answers for this browser from now on (201 by default). */
    answer(browser: TestBrowser, status: number) {
      statusFor.set(browser.id, status);
    },
    for(browser: TestBrowser) {
      return received.filter((r) => r.subscriptionId === browser.id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type PushService = Awaited<ReturnType<typeof startPushService>>;

/**
 * Checks the RFC 8292 VAPID header of a push request the way a push service does: the
 * `vapid t=<JWT>, k=<public key>` scheme, an ES256 signature by that key, `aud` the service's
 * origin, `exp` within 24 hours, and a `sub` contact. Returns the claims.
 */
export function verifyVapid(
  headers: ReceivedPush['headers'],
  expected: { origin: string; publicKey: string },
): { aud: string; exp: number; sub: string } {
  const header = String(headers.authorization ?? '');
  const m = /^vapid t=([A-Za-z0-9_.-]+), k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!m) throw new Error(`not a VAPID authorization header: ${header}`);
  const [, jwt, k] = m;
  if (k !== expected.publicKey) throw new Error('VAPID key is not the install key');
  const [h, p, s] = jwt!.split('.');
  const jose = JSON.parse(Buffer.from(h!, 'base64url').toString()) as { alg: string; typ: string };
  if (jose.alg !== 'ES256') throw new Error(`VAPID alg ${jose.alg}`);
  const point = Buffer.from(k!, 'base64url');
  const publicKey = crypto.createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = crypto.verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s!, 'base64url'),
  );
  if (!ok) throw new Error('VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (claims.aud !== expected.origin) throw new Error(`VAPID aud ${claims.aud}, expected ${expected.origin}`);
  const now = Date.now() / 1000;
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600 + 60)) throw new Error('VAPID exp out of range');
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`VAPID sub ${claims.sub}`);
  return claims;
}
