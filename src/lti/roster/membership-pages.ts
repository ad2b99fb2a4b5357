import { z } from 'zod';
import type { RunMode } from '../../config/schema.js';
import { NRPS_MEDIA_TYPE } from '../claims.js';
import { fetchPlatformJson } from '../fetch-json.js';
import { fitText } from '../text-limits.js';

/** One member of a context, as NRPS 2.0 lists them. */
export interface ContextMember {
  readonly userId: string;
  readonly status: 'Active' | 'Inactive' | 'Deleted';
  readonly roles: readonly string[];
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
}

/** Where the membership list is, and what it must be about. */
interface MembershipRequest {
  readonly membershipsUrl: string;
  readonly accessToken: string;
  /** The launch's context: a container about another one is refused. */
  readonly contextId: string;
  readonly mode: RunMode;
  /** The sync's own deadline, over all pages. */
  readonly signal?: AbortSignal;
}

const MAX_PAGES = 200;
const NAME_MAX = 100;

const memberSchema = z.object({
  user_id: z.string().min(1).max(191),
  status: z.enum(['Active', 'Inactive', 'Deleted']).optional().catch('Active'),
  roles: z.array(z.string()).catch([]),
  given_name: z.unknown().optional(),
  family_name: z.unknown().optional(),
  name: z.unknown().optional(),
  email: z.string().max(254).optional().catch(undefined),
});
const containerSchema = z.object({ context: z.object({ id: z.string() }), members: z.array(z.unknown()) });

/**
 * Every member of a context: the first page, then each `Link: <…>; rel="next"` page, only on
 * the same server as the first (the bearer token is never sent elsewhere), each page a container
 * about the launch's own context. Members the platform describes badly are skipped rather than
 * failing the whole roster; names too long are cut to their column.
 *
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type
 */
export async function fetchContextMembers(request: MembershipRequest): Promise<ContextMember[]> {
  const origin = new URL(request.membershipsUrl).origin;
  const members: ContextMember[] = [];
  let next: string | undefined = request.membershipsUrl;
  for (let page = 0; next !== undefined; page += 1) {
    if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} membership pages`);
    const response = await fetchPlatformJson(
      next,
      request.mode,
      { headers: { accept: NRPS_MEDIA_TYPE, authorization: `Bearer ${request.accessToken}` } },
      request.signal ? { signal: request.signal } : {},
    );
    if (response.status !== 200) throw new Error(`membership service answered ${response.status}`);
    const container = containerSchema.parse(response.body);
    if (container.context.id !== request.contextId) throw new Error('membership container about another context');
    for (const raw of container.members) {
      const parsed = memberSchema.safeParse(raw);
      if (parsed.success) members.push(toMember(parsed.data));
    }
    next = nextPage(response.headers.get('link'), next);
    if (next !== undefined && new URL(next).origin !== origin) throw new Error('membership page on another server');
  }
  return members;
}

function toMember(raw: z.infer<typeof memberSchema>): ContextMember {
  const familyName = fitText(raw.family_name, NAME_MAX);
  const givenName = fitText(raw.given_name, NAME_MAX) ?? (familyName === undefined ? fitText(raw.name, NAME_MAX) : undefined);
  return {
    userId: raw.user_id,
    status: raw.status ?? 'Active',
    roles: raw.roles,
    ...(givenName ? { givenName } : {}),
    ...(familyName ? { familyName } : {}),
    ...(raw.email?.includes('@') ? { email: raw.email } : {}),
  };
}

/** The `rel="next"` target of a Link header, resolved against the current page. */
export function nextPage(linkHeader: string | null, current: string): string | undefined {
  if (!linkHeader) return undefined;
  for (const part of linkHeader.split(',')) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel\s*=\s*"?next"?/i.test(match[2]!)) return new URL(match[1]!, current).toString();
  }
  return undefined;
}
