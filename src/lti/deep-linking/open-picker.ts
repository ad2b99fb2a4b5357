import type { Request, Response } from 'express';
import type { PolicyAdditions } from '../../http/security-headers.js';
import { loadActor } from '../../policy/index.js';
import { renderFramePage } from '../frame-page.js';
import type { DeepLinkingSettings } from '../launch/launch-message.js';
import type { LtiServices } from '../services.js';
import { saveDeepLinkRequest, type DeepLinkOrigin } from './deep-link-requests.js';
import { placeableChoices } from './placeable-choices.js';

/**
 * Answers a deep-linking launch with the picker, right in the ENT frame: what this person may
 * place from the launch's class. The request waits, behind a one-time token, for their choice.
 */
export async function openPicker(
  services: LtiServices,
  req: Request,
  res: Response,
  origin: DeepLinkOrigin,
  settings: DeepLinkingSettings,
  policy: PolicyAdditions,
): Promise<void> {
  const { dataSource, clock } = services.context;
  const now = clock.now();
  const token = await saveDeepLinkRequest(dataSource, origin, settings, now);
  const actor = await loadActor(dataSource, origin.personId, now);
  const choices = await placeableChoices(dataSource, actor, origin.schoolId, origin.classId, now);
  renderFramePage(services, req, res, 'lti/deep-link-picker', pickerLocals(req, token, choices, settings.acceptMultiple), { policy });
}

/** What the picker page shows; `problem` is the sentence saying why a choice was refused. */
export function pickerLocals(req: Request, token: string, choices: Awaited<ReturnType<typeof placeableChoices>>, multiple: boolean, problem?: string) {
  return {
    title: req.t('lti.deepLink.title'),
    token,
    choices,
    multiple,
    hasChoices: choices.classSpace !== null || choices.portfolios.length > 0,
    ...(problem === undefined ? {} : { problem }),
  };
}
