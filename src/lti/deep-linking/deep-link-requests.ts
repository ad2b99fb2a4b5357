import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../http/errors.js';
import { newId } from '../../model/columns.js';
import { LtiDeepLinkRequest } from '../../model/lti-deep-link-request.js';
import type { DeepLinkingSettings } from '../launch/launch-message.js';
import { oneTime } from '../one-time.js';
import { randomSecret, sha256Hex } from '../secrets.js';

/** The teacher has an hour to choose what to place. */
const DEEP_LINK_LIFETIME_MS = 60 * 60_000;

/** Who asked to place something, from where, in which class. */
export interface DeepLinkOrigin {
  readonly platformId: string;
  readonly deploymentId: string;
  readonly personId: string;
  readonly schoolId: string;
  readonly classId: string | null;
  readonly language: string;
}

/** Keeps a deep-linking request until the teacher chooses; returns the picker form's one-time token. */
export async function saveDeepLinkRequest(
  dataSource: DataSource,
  origin: DeepLinkOrigin,
  settings: DeepLinkingSettings,
  now: Date,
): Promise<string> {
  const token = randomSecret();
  await dataSource.getRepository(LtiDeepLinkRequest).insert({
    id: newId(),
    tokenHash: sha256Hex(token),
    ...origin,
    returnUrl: settings.returnUrl,
    data: settings.data ?? null,
    acceptMultiple: settings.acceptMultiple,
    createdAt: now,
    expiresAt: new Date(now.getTime() + DEEP_LINK_LIFETIME_MS),
    usedAt: null,
  });
  return token;
}

/** The pending request a picker's token names; LTI_DEEP_LINK_EXPIRED when unknown, used or too old. */
export async function findDeepLinkRequest(dataSource: DataSource, token: string, now: Date): Promise<LtiDeepLinkRequest> {
  const request = await oneTime.find(dataSource, LtiDeepLinkRequest, 'tokenHash', token);
  if (!request || !oneTime.isUsable(request, now)) throw new AppError('LTI_DEEP_LINK_EXPIRED');
  return request;
}

/** Answers a request once. */
export async function spendDeepLinkRequest(manager: EntityManager, request: LtiDeepLinkRequest, now: Date): Promise<void> {
  if (!(await oneTime.spend(manager, LtiDeepLinkRequest, request, now))) throw new AppError('LTI_DEEP_LINK_EXPIRED');
}
