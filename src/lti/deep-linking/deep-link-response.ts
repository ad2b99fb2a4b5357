import { SignJWT } from 'jose';
import type { LtiDeepLinkRequest } from '../../model/lti-deep-link-request.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import { LTI_CLAIM, LTI_VERSION } from '../claims.js';
import { SIGNING_ALGORITHM, type SigningKey } from '../keys/tool-keys.js';
import { randomSecret } from '../secrets.js';
import { resourcePath, type PlaceableResource } from './resources.js';

const RESPONSE_LIFETIME_SECONDS = 300;

/** An `ltiResourceLink` content item, as the platform stores it. */
interface ResourceLinkItem {
  readonly type: 'ltiResourceLink';
  readonly title: string;
  readonly url: string;
  readonly custom: { readonly resource_kind: string; readonly resource_id: string };
}

/** A chosen resource with the title the ENT shows. */
export interface TitledResource extends PlaceableResource {
  readonly title: string;
}

/** The content items for the chosen resources: launch links to their e-carnet pages. */
export function resourceLinkItems(baseUrl: string, resources: readonly TitledResource[]): ResourceLinkItem[] {
  return resources.map((resource) => ({
    type: 'ltiResourceLink',
    title: resource.title,
    url: `${baseUrl}${resourcePath(resource)}`,
    // Kept with the link by the platform and sent back at each launch: a later page for the
    // same kind can be chosen without placing the link again.
    custom: { resource_kind: resource.kind, resource_id: resource.id },
  }));
}

/**
 * The signed LtiDeepLinkingResponse: from our client id to the platform, for the deployment of
 * the request, echoing its `data` unchanged.
 *
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message
 */
export async function signDeepLinkResponse(
  platform: LtiPlatform,
  request: LtiDeepLinkRequest,
  items: readonly ResourceLinkItem[],
  key: SigningKey,
  now: Date,
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    nonce: randomSecret(16),
    [LTI_CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [LTI_CLAIM.version]: LTI_VERSION,
    [LTI_CLAIM.deploymentId]: request.deploymentId,
    [LTI_CLAIM.contentItems]: items,
    ...(request.data === null ? {} : { [LTI_CLAIM.deepLinkData]: request.data }),
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + RESPONSE_LIFETIME_SECONDS)
    .sign(key.privateKey);
}
