import { problems } from '../../../../kernel/openapi-problem.js';
import {
  autopaySettings,
  autopaySettingsBody,
  autopaySettingsView,
  saveAutopaySettings,
} from '../settings.js';
import type { AutopayRouteKit } from './kit.js';

/** The entity's ACH company and bank settings. */
export function autopaySettingsRoutes({ r, tags, files, inTx }: AutopayRouteKit): void {
  r.get(
    '/api/v1/utilities/autopay/settings',
    {
      schema: {
        tags,
        summary: "The entity's ACH company and bank (ODFI) settings (admin)",
        response: { 200: autopaySettingsView, ...problems(401, 403) },
      },
      preHandler: files,
    },
    async (request) => inTx(request, (ctx) => autopaySettings(ctx.tx, ctx.entityName)),
  );

  r.put(
    '/api/v1/utilities/autopay/settings',
    {
      schema: {
        tags,
        summary: "Save the entity's ACH company and bank (ODFI) settings (admin)",
        body: autopaySettingsBody,
        response: { 200: autopaySettingsView, ...problems(400, 401, 403) },
      },
      preHandler: files,
    },
    async (request) => inTx(request, (ctx) => saveAutopaySettings(ctx, request.body)),
  );
}
