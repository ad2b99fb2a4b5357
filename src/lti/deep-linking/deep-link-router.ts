import { Router } from 'express';
import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { wantsJson } from '../../http/negotiation.js';
import { validated } from '../../http/validated.js';
import { elisionContext } from '../../i18n/elision.js';
import { isUiLanguage } from '../../i18n/languages.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { loadActor } from '../../policy/index.js';
import { renderFramePage } from '../frame-page.js';
import { originsOfPlatform } from '../platforms/platform-origins.js';
import type { LtiServices } from '../services.js';
import { findDeepLinkRequest, spendDeepLinkRequest } from './deep-link-requests.js';
import { resourceLinkItems, signDeepLinkResponse, type TitledResource } from './deep-link-response.js';
import { pickerLocals } from './open-picker.js';
import { allChoices, placeableChoices, type PlaceableChoice } from './placeable-choices.js';

const pickerForm = z.object({
  token: z.string().min(1).max(200),
  items: z.union([z.string().max(200), z.array(z.string().max(200)).max(100)]).transform((value) => (Array.isArray(value) ? value : [value])),
});

/**
 * `POST /lti/deep-link`: the teacher's choice from the picker becomes signed `ltiResourceLink`
 * items posted back to the platform's `deep_link_return_url`. The form's one-time token, not a
 * cookie, proves the request: the picker works in a frame that keeps no cookie. A choice that was
 * not offered (or several where the platform takes one) is refused with the problem code
 * `invalidChoice`; the page shows the picker again, saying why.
 *
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message
 */
export function createDeepLinkRouter(services: LtiServices): Router {
  const router = Router();
  const { dataSource, clock, config, translator } = services.context;

  router.post('/lti/deep-link', validated({ body: pickerForm }, async ({ body: form }, req, res) => {
    await services.configuredPlatformsReady();
    const now = clock.now();
    const request = await findDeepLinkRequest(dataSource, form.token, now);
    const platform = await dataSource.getRepository(LtiPlatform).findOneBy({ id: request.platformId });
    if (!platform || platform.disabledAt !== null) throw new AppError('LTI_PLATFORM_UNKNOWN');
    const framedBy = originsOfPlatform(platform);
    const actor = await loadActor(dataSource, request.personId, now);
    const choices = await placeableChoices(dataSource, actor, request.schoolId, request.classId, now);
    const offered = allChoices(choices);
    const chosen = form.items.map((value) => offered.find((choice) => choice.value === value));
    const refusal = chosen.length === 0 || chosen.some((choice) => choice === undefined) ? 'chooseOffered' : chosen.length > 1 && !request.acceptMultiple ? 'chooseOne' : undefined;
    if (refusal !== undefined) {
      if (wantsJson(req)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'items', problem: 'invalidChoice' }] });
      const locals = pickerLocals(req, form.token, choices, request.acceptMultiple, req.t(`lti.deepLink.${refusal}`));
      renderFramePage(services, req, res, 'lti/deep-link-picker', locals, { status: 400, policy: { frameAncestors: framedBy } });
      return;
    }

    const t = translator.forLanguage(isUiLanguage(request.language) ? request.language : req.language);
    const titled: TitledResource[] = (chosen as PlaceableChoice[]).map((choice) => ({
      kind: choice.kind,
      id: choice.id,
      title: t(`lti.deepLink.item.${choice.kind}`, { name: choice.name, ...elisionContext(choice.name) }),
    }));
    const jwt = await signDeepLinkResponse(platform, request, resourceLinkItems(config.baseUrl, titled), await services.toolKeys.signingKey(), now);

    await runInTransaction(dataSource, async (manager) => {
      await spendDeepLinkRequest(manager, request, now);
      await recordAuditEvent(manager, {
        schoolId: request.schoolId,
        actorId: request.personId,
        action: 'lti.resourcesPlaced',
        subjectKind: 'ltiPlatform',
        subjectId: platform.id,
        detail: { items: titled.map(({ kind, id }) => ({ kind, id })) },
        at: now,
      });
    });
    // This page alone may post to the platform: its return URL's origin joins the form targets.
    renderFramePage(
      services,
      req,
      res,
      'lti/deep-link-return',
      { title: req.t('lti.deepLink.returning'), returnUrl: request.returnUrl, jwt },
      { policy: { frameAncestors: framedBy, formAction: [new URL(request.returnUrl).origin] } },
    );
  }));

  return router;
}
