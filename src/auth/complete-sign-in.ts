import type { Request, Response } from 'express';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { NormalizedIdentity } from '../connectors/contract.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { isUiLanguage } from '../i18n/languages.js';
import { Person } from '../model/person.js';
import { provisionIdentity, type ProvisionOptions, type ProvisionResult } from './provisioner.js';
import { refuseSignInToClosedSchools } from '../operator/closed-schools.js';
import { redeemDirectoryKeyAppointments } from '../operator/directory-key-appointments.js';
import { operatorKey, operatorLabel, operatorSigningIn } from '../operator/operators.js';
import { findReturningPerson, type ReturningPerson } from './returning-identity.js';

/**
 * Ends every successful sign-in, whatever the protocol: provisions the person from the checked
 * identity, opens a new session (never reusing the visitor's token), and records the sign-in.
 * The caller redirects afterwards.
 *
 * A sign-in only adds what never existed: a membership, enrolment or teaching assignment the
 * school ended is not opened again by the identity provider still listing it (only roster syncs may).
 *
 * Every lesson start in an ENT is a sign-in, so a returning person whose identity changes nothing
 * costs one read (which also tells whether all their schools are closed), the session and the
 * audit record (no transaction: each is one statement); only
 * a first sign-in, or one that brings something new, runs the provisioner's transaction.
 *
 * @param method how the person signed in, e.g. `saml:educonnect`, `oidc:edifice`, `lti`.
 * @param options what the connector is trusted for (the schools it serves).
 */
export async function completeSignIn(
  context: ModuleContext,
  req: Request,
  res: Response,
  identity: NormalizedIdentity,
  method: string,
  options: ProvisionOptions = {},
): Promise<ProvisionResult> {
  const now = context.clock.now();
  // --- Operators: an operator's sign-in opens an operator session (and no school's rights);
  // anyone else's sign-in to deactivated schools only is refused before anything is written.
  const operator = operatorSigningIn(context.config.operators, identity);
  if (!operator) await refuseSignInToClosedSchools(context.dataSource, identity, options.connectorSchools ?? []);
  const provisioned = operator ? { ...identity, schools: [], classes: [], children: [] } : identity;
  // --- end operators
  const returning = await findReturningPerson(context.dataSource, provisioned, now);
  const result: ProvisionResult = returning
    ? { personId: returning.personId, created: false, linkedChildren: 0, pendingChildren: 0, unmatchedChildren: 0, untouchedChildren: 0 }
    : await provisionIdentity(context.dataSource, provisioned, now, { ...options, signIn: true });
  const person = returning ?? personOf(await context.dataSource.getRepository(Person).findOneByOrFail({ id: result.personId }));
  const appointed = operator ? [] : await redeemDirectoryKeyAppointments(context.dataSource, identity, options.connectorSchools ?? [], person.personId, now);
  // The returning read told whether all the person's schools are closed; an appointment just made
  // may have changed that, so only then does the session's admission read again.
  const admitted = returning !== undefined && appointed.length === 0;
  if (admitted && !operator && returning.onlyInClosedSchools) throw new AppError('SCHOOL_DEACTIVATED');
  const language = isUiLanguage(person.preferredLanguage) ? person.preferredLanguage : null;
  await context.sessions.start(req, res, person.personId, method, language, {
    operatorKey: operator ? operatorKey(operator) : null,
    names: { givenName: person.givenName, familyName: person.familyName },
    admitted,
  });
  // One INSERT: atomic on its own, no transaction needed around it.
  await recordAuditEvent(context.dataSource.manager, {
    schoolId: null,
    actorId: person.personId,
    action: 'session.signedIn',
    subjectKind: 'person',
    subjectId: person.personId,
    detail: { method, issuer: identity.issuer, ...result, personId: undefined, ...(operator ? { operator: operatorLabel(operator) } : {}) },
    at: now,
  });
  context.logger.info({ method, personId: person.personId, created: result.created, pending: result.pendingChildren }, 'signed in');
  return result;
}

function personOf(person: Person): Omit<ReturningPerson, 'onlyInClosedSchools'> {
  return { personId: person.id, givenName: person.givenName, familyName: person.familyName, preferredLanguage: person.preferredLanguage };
}
