import type { ChildClaim, ClassClaim, NormalizedIdentity, SchoolReference } from '../../connectors/contract.js';
import { isUiLanguage } from '../../i18n/languages.js';
import type { SchoolRole } from '../../model/roles.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import { contextClassName, contextClassRef } from './context-class.js';
import type { LaunchMessage } from './launch-message.js';
import { classRole, type LaunchRoles } from './roles.js';

/** The connector id under which a platform's accounts are stored (`lti:<registration id>`). */
export function ltiConnectorId(platform: LtiPlatform): string {
  return `lti:${platform.id}`;
}

/**
 * The person a launch vouches for, for the provisioner: the registration's identity namespace and
 * `sub`; the context as this registration's own class in the deployment's school (taught by an
 * Instructor, attended by a Learner, per the context roles only); a Mentor's listed users as
 * children found by their own account at this registration. No class role: no class (nor school
 * role). No context: a school role only. No names shared: empty names.
 */
export function identityFromLaunch(message: LaunchMessage, roles: LaunchRoles, platform: LtiPlatform, schoolId: string): NormalizedIdentity {
  const school: SchoolReference = { schoolId };
  const as = classRole(roles);
  const classes: ClassClaim[] = [];
  const schoolRoles: SchoolRole[] = [];
  if (as && message.context) {
    classes.push({ school, externalRef: contextClassRef(platform.id, message.context.id), name: contextClassName(message.context), as });
  } else if (as) {
    schoolRoles.push(as);
  }
  const children: ChildClaim[] = roles.mentor ? message.mentees.map((subject) => ({ school, subject, trust: 'authoritative' })) : [];
  const language = message.locale?.split(/[-_]/)[0]?.toLowerCase();
  return {
    issuer: platform.identityIssuer,
    subject: message.subject,
    connectorId: ltiConnectorId(platform),
    ...(message.givenName === undefined ? {} : { givenName: message.givenName }),
    ...(message.familyName === undefined ? {} : { familyName: message.familyName }),
    ...(message.email === undefined ? {} : { email: message.email }),
    ...(isUiLanguage(language) ? { preferredLanguage: language } : {}),
    schools: schoolRoles.length > 0 ? [{ school, roles: schoolRoles }] : [],
    classes,
    children,
  };
}
