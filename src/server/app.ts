import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { MODULES } from '../modules/index.js';
import { healthRoutes } from './health.js';
import type { Platform } from './platform.js';
import { errorsPlugin } from './plugins/errors.js';
import { databaseRateLimitStore } from './plugins/rate-limit-store.js';
import { languagePlugin } from './plugins/language.js';
import { tenantPlugin } from './plugins/tenant.js';
import { webPlugin } from './plugins/web.js';
import { Problem } from '../kernel/problem.js';
import '../kernel/request.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Log options: no personal data — no query strings, cookies, IP addresses or bodies. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export type AppOptions = {
  logger?: FastifyServerOptions['logger'];
  webDistDir?: string;
  /** Told of every route as it is registered (the API contract test compares them with the OpenAPI document). */
  onRoute?: (route: { method: string | string[]; url: string; schema?: unknown }) => void;
};

/** Assembles the HTTP application: plugins in the order a request meets them, then the modules. */
export async function buildApp(platform: Platform, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: platform.config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    },
    bodyLimit: 1024 * 1024,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: platform.config.env === 'production' ? [] : null,
      },
    },
    strictTransportSecurity: platform.config.env === 'production',
  });
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(platform.db), // counts shared by every app server
    errorResponseBuilder: (_request, context) =>
      new Problem(429, 'rate_limited', {}, { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CiVQ API',
        version: '1',
        description:
          'REST API of CiVQ. Errors are RFC 9457 problem+json in the language of Accept-Language (en, es). ' +
          'Staff writes authenticated by cookie need the x-csrf-token header from /api/v1/auth/me.',
      },
      components: {
        securitySchemes: {
          staffSession: { type: 'apiKey', in: 'cookie', name: 'civq_staff' },
          residentSession: { type: 'apiKey', in: 'cookie', name: 'civq_resident' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { platformRoute: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(languagePlugin);
  await app.register(tenantPlugin, { tenants: platform.tenants });
  // Who is signed in, before any module's routes (identity: staff, residents: residents).
  for (const m of MODULES)
    for (const plugin of m.requestPlugins ?? []) await app.register(plugin, { platform });

  await app.register(healthRoutes, { platform });
  for (const m of MODULES) for (const routes of m.routes ?? []) await app.register(routes, { platform });
  await app.register(webPlugin, { distDir: options.webDistDir ?? path.join(ROOT, 'dist/web') });
  return app;
}
