// Child process for communications-crash.test.ts: runs the real MessageWorker with the real
// SMTP channel against SMTP_URL, and prints "sent <n>" whenever the number of sent messages
// changes, so the test knows when to kill it (SIGKILL: no cleanup, leases left behind).
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { withSystem } from '../../src/db/tenant-context.js';
import { MessageWorker, SmtpEmailChannel } from '../../src/modules/communications/index.js';

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR,
  poolSize: 4,
});
const channel = new SmtpEmailChannel(process.env.SMTP_URL!, 'CiVQ <no-reply@civq.test>', {
  maxConnections: 5,
  // Longer than the test runs: the hung messages must still be in flight when the process dies.
  timeoutMs: 120_000,
});
const quiet = { info() {}, warn() {}, error() {} };
const worker = new MessageWorker(db, new Map([['email', channel]]), {
  pollMs: 20,
  batchSize: Number(process.env.BATCH_SIZE ?? 10),
  leaseMs: 5 * 60_000,
  log: quiet,
});
worker.start();

let last = -1;
for (;;) {
  const [row] = await withSystem(db, (tx) =>
    queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM messages WHERE status = 'sent'`),
  );
  if (row!.n !== last) {
    last = row!.n;
    process.stdout.write(`sent ${last}\n`);
  }
  await new Promise((r) => setTimeout(r, 20));
}
