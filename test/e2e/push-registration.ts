import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Plays, on 127.0.0.1, the two HTTP calls Chromium makes to its push vendor (Google's GCM/FCM)
 * before pushManager.subscribe() can resolve: the device check-in and the registration that
 * returns the token of the subscription's endpoint. Chromium is pointed here with its own
 * switches (--gcm-checkin-url, --gcm-registration-url); without them, headless Chromium on a
 * machine without Internet access never gets a subscription. Everything else — the service
 * worker, permission, VAPID key, P-256 keys, the endpoint Chromium builds — is the browser's own.
 */
export async function startPushRegistration() {
  const registrations: string[] = [];
  let next = 1;
  // AndroidCheckinResponse (protobuf): stats_ok (1) = true, android_id (7) and security_token (8) as fixed64.
  const fixed64 = (tag: number, n: bigint) => {
    const b = Buffer.alloc(9);
    b[0] = tag;
    b.writeBigUInt64LE(n, 1);
    return b;
  };
  const checkin = Buffer.concat([
    Buffer.from([0x08, 0x01]),
    fixed64(0x39, 4242424242424242n),
    fixed64(0x41, 7777777777777777n),
  ]);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/checkin') {
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(checkin);
      } else if (req.method === 'POST' && req.url === '/register') {
        registrations.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`token=civq-e2e-${next++}`);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    registrations,
    /** Chromium switches that send its check-in and registration here. */
    args: [
      `--gcm-checkin-url=http://127.0.0.1:${port}/checkin`,
      `--gcm-registration-url=http://127.0.0.1:${port}/register`,
      // No message connection is needed to subscribe; this keeps it from reaching out.
      `--gcm-mcs-endpoint=https://127.0.0.1:${port}`,
    ],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
