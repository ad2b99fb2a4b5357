/** What names a registration: the name it was given, its issuer, and where it came from. */
interface NamedPlatform {
  readonly name: string | null;
  readonly issuer: string;
  readonly source?: string;
}

/**
 * The name a head of school or an ENT administrator sees for a registration. A name the operator
 * wrote in ECARNET_CONFIG is shown as it is. A dynamic registration is named by the platform's
 * product code ("moodle"), which two Moodles share: the issuer's host follows it
 * ("moodle (moodle.lycee-a.fr)"), so that two ENTs of the same product can be told apart.
 */
export function platformLabel(platform: NamedPlatform): string {
  if (platform.name === null || platform.name.trim() === '') return platform.issuer;
  if (platform.source === 'config') return platform.name;
  const host = hostOf(platform.issuer);
  return host === undefined || platform.name.includes(host) ? platform.name : `${platform.name} (${host})`;
}

function hostOf(issuer: string): string | undefined {
  try {
    return new URL(issuer).host || undefined;
  } catch {
    return undefined;
  }
}
