import type { Request } from 'express';
import type { LtiPlatform } from '../../model/lti-platform.js';

/**
 * How someone whose browser could not be bound to the login (no state cookie, no platform
 * storage) can still open e-carnet: in a new window, where e-carnet is a first-party site and its
 * cookie comes back. Replaying the same login there does not work: a platform such as Moodle keeps
 * each launch under its `lti_message_hint` and deletes it at first use, so the replay ends on its
 * "Invalid request". The new window must ask the platform for a fresh launch instead:
 * - `activityLaunchUrl`: the activity's own launch page, when the platform names it; else
 * - nothing, and the page tells the person how to open the activity in a new window from the ENT.
 */
interface NewWindowFallback {
  /** The platform's launch page of this very activity, which starts a fresh launch when opened. */
  readonly activityLaunchUrl: string | undefined;
  /** The launch came inside a frame: only then does the page speak of "this frame". */
  readonly framed: boolean;
}

/** What the cookieless launch page offers; see `NewWindowFallback`. */
export function newWindowFallback(req: Request, platform: LtiPlatform, loginParamsJson: string): NewWindowFallback {
  return { activityLaunchUrl: activityLaunchUrl(platform, loginParamsJson), framed: isFramed(req) };
}

/**
 * The platform's launch page of the activity a login was for. Moodle's `lti_message_hint` is a JSON
 * object naming the course module (`{"cmid":42,"launchid":…}`), and `<wwwroot>/mod/lti/launch.php?id=42`
 * (its issuer is its wwwroot) starts a new launch of it for the person signed in to Moodle, with a
 * new hint. Built from the registered issuer and a number only: it can lead nowhere else.
 */
function activityLaunchUrl(platform: LtiPlatform, loginParamsJson: string): string | undefined {
  const hint = (JSON.parse(loginParamsJson) as { lti_message_hint?: unknown }).lti_message_hint;
  const courseModule = typeof hint === 'string' ? moodleCourseModule(hint) : undefined;
  if (courseModule === undefined) return undefined;
  let issuer: URL;
  try {
    issuer = new URL(platform.issuer);
  } catch {
    return undefined;
  }
  if (issuer.protocol !== 'https:' && issuer.protocol !== 'http:') return undefined;
  const launch = new URL(`${issuer.origin}${issuer.pathname.replace(/\/$/, '')}/mod/lti/launch.php`);
  launch.searchParams.set('id', courseModule);
  return launch.toString();
}

function moodleCourseModule(hint: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(hint);
  } catch {
    return undefined;
  }
  const cmid = parsed !== null && typeof parsed === 'object' ? (parsed as { cmid?: unknown }).cmid : undefined;
  const text = typeof cmid === 'number' || typeof cmid === 'string' ? String(cmid) : '';
  return /^[1-9]\d{0,17}$/.test(text) ? text : undefined;
}

/** The request is a frame's navigation, as browsers say in `Sec-Fetch-Dest` (unknown: not framed). */
function isFramed(req: Request): boolean {
  const destination = req.get('sec-fetch-dest');
  return destination === 'iframe' || destination === 'frame';
}
