// Child process for events-crash.test.ts: delivers pending events to a consumer that writes
// its effect and then kills its own process with SIGKILL, before the transaction can commit.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { EventBus } from '../../src/events/bus.js';
import { EventDispatcher } from '../../src/events/dispatcher.js';

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR,
  poolSize: 2,
});
const bus = new EventBus();
bus.register({
  name: 'effects',
  accepts: () => true,
  async handle(tx, event) {
    await tx.execute(
      sql`INSERT INTO test_effects (tenant_id, consumer, event_id) VALUES (civq_current_tenant(), 'effects', ${event.id})`,
    );
    process.stdout.write('effect written; crashing\n');
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {}); // never returns: the process is gone
  },
});
await new EventDispatcher(db, bus, { pollMs: 50, log: console }).runOnce();
