// Public API of the audit module: the event consumer that writes the log, and its routes.
export { auditConsumer } from './consumer.js';
export { auditRoutes } from './routes.js';
export { manifest } from './manifest.js';
