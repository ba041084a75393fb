import { sql } from 'drizzle-orm';
import type { Consumer } from '../../src/events/types.js';

/**
 * What the two-server test counts: every event delivery and every job each server handles is
 * written to `multi_server_probe` with the server's name and no uniqueness, so a second
 * delivery of the same event or job would show as a second row.
 */
export const PROBE_EVENT = 'test.probe.pinged';
export const PROBE_QUEUE = 'test-multi-server-probe';

export const PROBE_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS multi_server_probe (
    kind text NOT NULL,
    item text NOT NULL,
    handled_by text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
  );
  GRANT SELECT, INSERT ON multi_server_probe TO civq_app, civq_system;`;

export function probeConsumer(server: string): Consumer {
  return {
    name: 'test-multi-server-probe',
    accepts: (event) => event.type === PROBE_EVENT,
    async handle(tx, event) {
      await tx.execute(
        sql`INSERT INTO multi_server_probe (kind, item, handled_by) VALUES ('event', ${event.id}, ${server})`,
      );
    },
  };
}
