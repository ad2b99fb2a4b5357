import type { JWTPayload } from 'jose';
import { z } from 'zod';
import type { RunMode } from '../../config/schema.js';
import { AppError } from '../../http/errors.js';
import { LTI_CLAIM, LTI_MESSAGE_TYPES, LTI_VERSION, type LtiMessageType } from '../claims.js';
import { placedResource, type PlaceableResource } from '../deep-linking/resources.js';
import { fitText } from '../text-limits.js';
import { CLASS_NAME_MAX, type LtiContext } from './context-class.js';

/** A checked launch, in e-carnet's terms. Unknown claims are not carried. */
export interface LaunchMessage {
  readonly messageType: LtiMessageType;
  readonly deploymentId: string;
  readonly subject: string;
  readonly roles: readonly string[];
  /** Users a Mentor follows (`role_scope_mentor`). */
  readonly mentees: readonly string[];
  readonly context: LtiContext | undefined;
  readonly resourceLinkId: string | undefined;
  readonly targetLinkUri: string | undefined;
  /** The resource a placed link names in its custom parameters. */
  readonly placed: PlaceableResource | undefined;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  readonly locale?: string;
  readonly membershipsUrl: string | undefined;
  readonly deepLinking: DeepLinkingSettings | undefined;
}

/** What a deep-linking request asks for. */
export interface DeepLinkingSettings {
  readonly returnUrl: string;
  readonly acceptMultiple: boolean;
  /** The platform's opaque value, to echo back. */
  readonly data: string | undefined;
}

/** Where the platform's services and returns are: HTTPS, or plain HTTP outside production (a local platform). */
const serviceUrl = (mode: RunMode) => z.url({ protocol: mode === 'production' ? /^https$/ : /^https?$/ }).max(4000);
/** Longest person name (`person.givenName`, `familyName`). */
const NAME_MAX = 100;

/** Identifiers that would not fit their columns are refused; titles are cut to fit. */
const contextClaim = z.object({ id: z.string().min(1).max(191), title: z.unknown().optional(), label: z.unknown().optional() });
const mentorClaim = z.array(z.string().min(1).max(191)).max(50);

/** The claims whose URLs depend on the run mode. */
function serviceClaims(mode: RunMode) {
  return {
    nrps: z.object({ context_memberships_url: serviceUrl(mode) }),
    deepLinking: z.object({
      deep_link_return_url: serviceUrl(mode),
      accept_types: z.array(z.string()).refine((types) => types.includes('ltiResourceLink'), 'must accept ltiResourceLink'),
      accept_multiple: z.boolean().optional(),
      data: z.string().max(4000).optional(),
    }),
  };
}
const SERVICE_CLAIMS: Record<RunMode, ReturnType<typeof serviceClaims>> = { demo: serviceClaims('demo'), production: serviceClaims('production') };

/**
 * Reads the LTI claims of a verified id_token, refusing a message the 1EdTech "known bad
 * payloads" list rejects, each with its code: wrong or missing version, missing message type,
 * missing deployment, missing roles, no `sub` (an anonymous launch cannot open e-carnet), a
 * resource link without id, a `target_link_uri` other than the login's. An identifier too long for
 * its column is refused (LTI_CLAIM_INVALID), before anything is written; a title or a name is cut.
 * In production the services' and returns' URLs must be HTTPS (a bearer token or a signed answer
 * never travels in clear).
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export function readLaunchMessage(payload: JWTPayload, loginTargetLinkUri: string, mode: RunMode): LaunchMessage {
  if (payload[LTI_CLAIM.version] !== LTI_VERSION) throw new AppError('LTI_VERSION_UNSUPPORTED');
  const messageType = payload[LTI_CLAIM.messageType];
  if (typeof messageType !== 'string' || messageType === '') throw new AppError('LTI_MESSAGE_TYPE_MISSING');
  if (!(LTI_MESSAGE_TYPES as readonly string[]).includes(messageType)) throw new AppError('LTI_MESSAGE_TYPE_UNSUPPORTED');
  const deploymentId = payload[LTI_CLAIM.deploymentId];
  if (typeof deploymentId !== 'string' || deploymentId === '' || deploymentId.length > 191) throw new AppError('LTI_DEPLOYMENT_MISSING');
  const roles = payload[LTI_CLAIM.roles];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) throw new AppError('LTI_ROLES_MISSING');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AppError('LTI_ANONYMOUS_LAUNCH');
  if (payload.sub.length > 191) throw new AppError('LTI_CLAIM_INVALID');

  const type = messageType as LtiMessageType;
  const targetLinkUri = payload[LTI_CLAIM.targetLinkUri];
  if ((type === 'LtiResourceLinkRequest' || targetLinkUri !== undefined) && targetLinkUri !== loginTargetLinkUri) {
    throw new AppError('LTI_TARGET_LINK_MISMATCH');
  }
  let resourceLinkId: string | undefined;
  if (type === 'LtiResourceLinkRequest') {
    const link = payload[LTI_CLAIM.resourceLink] as { id?: unknown } | undefined;
    if (typeof link?.id !== 'string' || link.id === '') throw new AppError('LTI_RESOURCE_LINK_MISSING');
    resourceLinkId = link.id;
  }
  let deepLinking: DeepLinkingSettings | undefined;
  if (type === 'LtiDeepLinkingRequest') {
    const settings = SERVICE_CLAIMS[mode].deepLinking.safeParse(payload[LTI_CLAIM.deepLinkingSettings]);
    if (!settings.success) throw new AppError('LTI_DEEP_LINK_SETTINGS_INVALID');
    deepLinking = { returnUrl: settings.data.deep_link_return_url, acceptMultiple: settings.data.accept_multiple ?? false, data: settings.data.data };
  }

  const context = optionalClaim(contextClaim, payload[LTI_CLAIM.context]);
  const mentees = optionalClaim(mentorClaim, payload[LTI_CLAIM.roleScopeMentor]) ?? [];
  const nrps = optionalClaim(SERVICE_CLAIMS[mode].nrps, payload[LTI_CLAIM.namesRoleService]);
  const title = fitText(context?.title, CLASS_NAME_MAX) ?? fitText(context?.label, CLASS_NAME_MAX);
  return {
    messageType: type,
    deploymentId,
    subject: payload.sub,
    roles: roles as string[],
    mentees,
    context: context && { id: context.id, ...(title === undefined ? {} : { title }) },
    resourceLinkId,
    targetLinkUri: typeof targetLinkUri === 'string' ? targetLinkUri : undefined,
    placed: placedResource(payload[LTI_CLAIM.custom]),
    ...personalData(payload),
    membershipsUrl: nrps?.context_memberships_url,
    deepLinking,
  };
}

/** A claim that may be absent, but must be well formed when present. */
function optionalClaim<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('LTI_CLAIM_INVALID');
  return result.data;
}

/**
 * Names, e-mail and locale, only when the platform shares them (none when it shares no PII). Names
 * are cut to their column; an e-mail or a locale that does not fit is no e-mail or locale at all
 * (cut, it would be someone else's address).
 */
function personalData(payload: JWTPayload): Pick<LaunchMessage, 'givenName' | 'familyName' | 'email' | 'locale'> {
  const whole = (name: string, max: number): string | undefined => {
    const value = fitText(payload[name], Number.MAX_SAFE_INTEGER);
    return value !== undefined && Array.from(value).length <= max ? value : undefined;
  };
  const familyName = fitText(payload.family_name, NAME_MAX);
  let givenName = fitText(payload.given_name, NAME_MAX);
  if (givenName === undefined && familyName === undefined) givenName = fitText(payload.name, NAME_MAX);
  const email = whole('email', 254);
  const locale = whole('locale', 35);
  return {
    ...(givenName === undefined ? {} : { givenName }),
    ...(familyName === undefined ? {} : { familyName }),
    ...(email !== undefined && email.includes('@') ? { email } : {}),
    ...(locale === undefined ? {} : { locale }),
  };
}
