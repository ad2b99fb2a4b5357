import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { sharingSettingsResponse } from './api-schemas.js';
import { loadSharingSettings, saveSharingSettings, sharingSettingsInput } from './sharing-settings.js';

/** `/api/v1/schools/:schoolId/sharing-settings`: how long the school's QR codes stay valid. */
export function sharingSettingsApiRoutes(context: ModuleContext): ApiRoute[] {
  const { dataSource, clock } = context;
  return [
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/sharing-settings',
      summary: "How long the school's QR codes stay valid (its staff and teachers)",
      tag: 'sharing',
      signedIn: true,
      params: schoolParams,
      response: sharingSettingsResponse,
      async handle({ params }, req, res) {
        res.json((await loadSharingSettings(dataSource, actorOf(req), params.schoolId)).settings);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/schools/:schoolId/sharing-settings',
      summary: "Set how long the school's QR codes stay valid, from 1 hour to 12 months (director); audited. Codes already printed keep their expiry",
      tag: 'sharing',
      signedIn: true,
      params: schoolParams,
      body: sharingSettingsInput,
      async handle({ params: { schoolId }, body }, req, res) {
        await saveSharingSettings(dataSource, actorOf(req), schoolId, body, clock.now());
        res.status(204).end();
      },
    }),
  ];
}
