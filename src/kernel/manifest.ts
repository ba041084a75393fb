import type { FastifyPluginAsync } from 'fastify';
import type { Consumer } from '../events/types.js';
import type { ActivityProjector } from './activity.js';
import type { NoticeKind, RecipientResolver } from './notices.js';
import type { Permission, PermissionTable } from './permissions.js';
import type { Platform } from './platform.js';
import type { Tenant } from './tenant.js';

/**
 * What a module tells the platform about itself. Each module's index.ts exports one
 * (`export const manifest`) and src/modules/index.ts lists them in MODULES; the server, the
 * job scheduler, the CLI, the demo seed and the tests iterate that list, so adding a module
 * edits no central table. Every field but `name` is optional.
 */
export type ModuleManifest = {
  /** Unique, lower-case; also the scope name other modules use in events and notices. */
  name: string;
  /**
   * Request hooks that must run before any module's routes (who is signed in): registered
   * first, in MODULES order, each with `{ platform }`. Use fastify-plugin so they apply app-wide.
   */
  requestPlugins?: ModulePlugin[];
  /** Fastify plugins with the module's routes, registered in order with `{ platform }`. */
  routes?: ModulePlugin[];
  /** Event consumers, built once per platform (they may keep platform.communications etc.). */
  consumers?: (platform: Platform) => Consumer[];
  /** Recurring pg-boss jobs. */
  jobs?: ModuleJob[];
  /** The permissions the module adds and which staff roles hold them. */
  permissions?: PermissionTable;
  /** The module's page in the dashboard navigation (GET /auth/me `modules`), in MODULES order. */
  dashboard?: { key: string; permission: Permission };
  /** Notice kinds it sends through communications (words in locales/<lang>/notices.json). */
  noticeKinds?: readonly NoticeKind[];
  /** Turn its domain events into My Activity entries. */
  activityProjectors?: readonly ActivityProjector[];
  /** Add the people following one of its records to notices about that record. */
  recipientResolvers?: readonly RecipientResolver[];
  /** Steps of the demo seed (npm start on an empty database), run in MODULES order. */
  demoSeed?: readonly DemoSeedStep[];
};

export type ModulePlugin = FastifyPluginAsync<{ platform: Platform }>;

export type JobLog = { info(obj: object, msg: string): void };

/** A pg-boss queue with a schedule; retries with backoff. Handlers must be safe to run twice. */
export type ModuleJob = {
  /** pg-boss queue name, unique across modules: `<module>-<what>`. */
  queue: string;
  /** Cron expression, UTC. */
  cron: string;
  handler(platform: Platform, log: JobLog): Promise<void>;
};

/** What a demo seed step is given: the demo entity and the staff the core seed created. */
export type DemoSeedContext = {
  platform: Platform;
  tenant: Tenant;
  staff: { adminId: string; clerkId: string };
};

export type DemoSeedStep = {
  /** Shown if the step fails. */
  name: string;
  run(ctx: DemoSeedContext): Promise<void>;
};
