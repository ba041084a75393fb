import type { ModuleManifest } from '../../kernel/manifest.js';
import { activityConsumer } from './consumer.js';

/**
 * My Activity consumes the events every installed projector accepts; the projectors come from
 * the other modules' manifests (payments, utilities), so this module is not edited per module.
 */
export const manifest: ModuleManifest = {
  name: 'activity',
  consumers: () => [activityConsumer()],
};
