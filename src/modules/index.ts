import type { ModuleManifest } from '../kernel/manifest.js';
import { installModules } from '../kernel/modules.js';
import { manifest as activity } from './activity/index.js';
import { manifest as audit } from './audit/index.js';
import { manifest as communications } from './communications/index.js';
import { manifest as identity } from './identity/index.js';
import { manifest as payments } from './payments/index.js';
import { manifest as requests } from './requests/index.js';
import { manifest as residents } from './residents/index.js';
import { manifest as tenancy } from './tenancy/index.js';
import { manifest as utilities } from './utilities/index.js';

/**
 * The modules of CiVQ: the one list the server (routes, consumers, recipient resolvers), the
 * job scheduler, the CLI, the demo seed and the tests iterate. A new module adds one line.
 *
 * The order is what staff see in the dashboard navigation (users, utilities, payments,
 * requests, communications, audit) and the order of the demo seed steps (utility accounts before the
 * counter payments that pay them, the demo resident before the 311 reports she filed); nothing
 * else depends on it.
 */
export const MODULES: readonly ModuleManifest[] = [
  tenancy,
  identity,
  utilities,
  payments,
  residents,
  requests,
  communications,
  audit,
  activity,
];

// Permissions, notice kinds and projectors are read from the installed list by identity,
// communications and activity; installing on import means anything that can reach a module
// through this list (the server, the CLI, a test) sees the whole set.
installModules(MODULES);
