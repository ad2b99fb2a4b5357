/**
 * What the LIS roles of a launch mean in e-carnet (LTI core §A.2).
 *
 * Only the context membership roles (`…/membership#Role`, or its short name `Role`) decide the
 * person's place in the context's class; institution and system roles describe the person, not
 * this course (a staff member may well take a course as a learner).
 * - `Learner` is a pupil of the class, and is never made its teacher, whatever else is claimed.
 * - `Instructor` teaches it (unless also `Learner`).
 * - A sub-role alone (`…/membership/Instructor#TeachingAssistant`, often a pupil helping) gives no
 *   class role: teacher rights open every child's portfolio. The platform must also say
 *   `Instructor` for the person to teach.
 * - `Mentor` follows the users listed in `role_scope_mentor`: a guardian of those pupils.
 * - `administrator` is the ENT's administrator: an institution or system `Administrator` (or the
 *   system's `SysAdmin`), not a course's. It gives no right in e-carnet (in a French ENT it is the
 *   technical administrator (ADML), often not the head of school; director rights open court
 *   decisions and guardianship changes, and the provisioner never takes a right back, so they
 *   come only from the school's own directory or from e-carnet itself). It only lets an
 *   unconnected deployment show its pairing code.
 * - A launch that carries such an `Administrator` role gives no class role at all, whatever context
 *   roles come with it: Moodle adds `Instructor` to its site administrator's roles in every course
 *   they open, enrolled or not, so "Instructor" there says nothing about teaching the class. Their
 *   place in the class comes only from the course's roster (Names and Roles), which lists the
 *   people enrolled in it: `readRosterRoles` reads a member's roles without this rule.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies
 */
export interface LaunchRoles {
  readonly teacher: boolean;
  readonly pupil: boolean;
  readonly mentor: boolean;
  readonly administrator: boolean;
}

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const CONTEXT_ROLE = new RegExp(`^${escape(LIS)}/membership#(\\w+)$`);
const INSTITUTION_ROLE = new RegExp(`^${escape(LIS)}/institution/person#(\\w+)$`);
const SYSTEM_ROLE = new RegExp(`^${escape(LIS)}/system/person#(\\w+)$`);
/** LTI 1.3 still allows the short names of the principal context roles. */
const SHORT_CONTEXT_ROLE = /^(\w+)$/;

const ENT_ADMINISTRATOR = new Set(['Administrator', 'SysAdmin']);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Reads the roles claim of a launch (unknown roles, and sub-roles, are ignored). An ENT
 * administrator gets no class role from a launch (see above).
 */
export function readRoles(roles: readonly string[]): LaunchRoles {
  const read = readRosterRoles(roles);
  return read.administrator ? { ...read, teacher: false, pupil: false } : read;
}

/**
 * Reads the roles of a member the course's roster lists: being listed is being enrolled, so the
 * context roles count even for an ENT administrator.
 */
export function readRosterRoles(roles: readonly string[]): LaunchRoles {
  const context = new Set<string>();
  let administrator = false;
  for (const role of roles) {
    const contextName = (CONTEXT_ROLE.exec(role) ?? SHORT_CONTEXT_ROLE.exec(role))?.[1];
    if (contextName) context.add(contextName);
    const personName = (INSTITUTION_ROLE.exec(role) ?? SYSTEM_ROLE.exec(role))?.[1];
    if (personName && ENT_ADMINISTRATOR.has(personName)) administrator = true;
  }
  const pupil = context.has('Learner');
  return {
    pupil,
    teacher: !pupil && context.has('Instructor'),
    mentor: context.has('Mentor'),
    administrator,
  };
}

/** The class role the context roles give, if any. */
export function classRole(roles: LaunchRoles): 'teacher' | 'pupil' | undefined {
  if (roles.pupil) return 'pupil';
  return roles.teacher ? 'teacher' : undefined;
}
