import { createHmac, hkdfSync } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { updateIf } from '../conditional-update.js';
import { sha256Hex } from '../secrets.js';

/** Letters and digits that cannot be misread (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
const PAIRING_LIFETIME_MS = 7 * 24 * 3_600_000;

/** A deployment waiting for a school, as the head of school sees it before confirming. */
interface PendingPairing {
  readonly deployment: LtiDeployment;
  readonly platform: LtiPlatform;
}

/** `ABCD-EFGH` as typed, whatever the case, spaces or dashes. */
function normalise(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function display(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * The code of a deployment for one pairing period, derived (HMAC, under a key drawn from the
 * master secret for this purpose only) from the deployment and the period's end: it is never
 * stored in clear, yet can be shown again to every administrator who opens e-carnet until it
 * expires. Only its hash is kept, to find the deployment a typed code names.
 */
function derivedCode(masterSecret: string, deploymentId: string, expiresAt: Date): string {
  const key = Buffer.from(hkdfSync('sha256', masterSecret, 'e-carnet', 'lti-pairing-code/v1', 32));
  const digest = createHmac('sha256', key).update(`${deploymentId}\n${expiresAt.toISOString()}`).digest();
  let value = digest.readBigUInt64BE(0);
  let code = '';
  for (let index = 0; index < CODE_LENGTH; index += 1) {
    code += ALPHABET[Number(value % BigInt(ALPHABET.length))];
    value /= BigInt(ALPHABET.length);
  }
  return code;
}

/**
 * The pairing code of a deployment no school has claimed yet (a platform from the configuration
 * file), for its ENT administrator to hand to the head of school. The code stays the same until it
 * expires (a week): every administrator's launch shows the same one, and nobody's launch replaces
 * it. Issuing one is recorded in the audit log, naming the administrator's account at the platform.
 */
export async function pairingCodeFor(
  dataSource: DataSource,
  masterSecrets: readonly [string, ...string[]],
  platform: LtiPlatform,
  deployment: LtiDeployment,
  administratorSubject: string,
  now: Date,
): Promise<string> {
  const current = await dataSource.getRepository(LtiDeployment).findOneByOrFail({ id: deployment.id });
  const shown = currentCode(masterSecrets, current, now);
  if (shown !== undefined) return display(shown);

  const expiresAt = new Date(now.getTime() + PAIRING_LIFETIME_MS);
  const code = derivedCode(masterSecrets[0], deployment.id, expiresAt);
  const issued = await runInTransaction(dataSource, async (manager) => {
    // Only over the code we saw: of two administrators' launches at once, one issues the code.
    const previous = current.pairingCodeHash === null ? 'pairingCodeHash IS NULL' : 'pairingCodeHash = :previous';
    const won = await updateIf(manager, LtiDeployment, { pairingCodeHash: sha256Hex(code), pairingExpiresAt: expiresAt }, `id = :id AND schoolId IS NULL AND ${previous}`, {
      id: deployment.id,
      previous: current.pairingCodeHash,
    });
    if (!won) return false;
    await recordAuditEvent(manager, {
      schoolId: null,
      actorId: null,
      action: 'lti.pairingCodeIssued',
      subjectKind: 'ltiDeployment',
      subjectId: deployment.id,
      detail: { platformId: platform.id, issuer: platform.issuer, clientId: platform.clientId, deploymentId: deployment.deploymentId, administrator: administratorSubject, expiresAt },
      at: now,
    });
    return true;
  });
  if (issued) return display(code);
  const winner = currentCode(masterSecrets, await dataSource.getRepository(LtiDeployment).findOneByOrFail({ id: deployment.id }), now);
  if (winner === undefined) throw new AppError('LTI_DEPLOYMENT_NOT_CONNECTED');
  return display(winner);
}

/**
 * The deployment's code while it is valid (and was made with one of these master secrets: a code
 * issued before a rotation is still shown until it expires).
 */
function currentCode(masterSecrets: readonly string[], deployment: LtiDeployment, now: Date): string | undefined {
  if (deployment.schoolId !== null || deployment.pairingExpiresAt === null || deployment.pairingCodeHash === null) return undefined;
  if (deployment.pairingExpiresAt.getTime() <= now.getTime()) return undefined;
  for (const secret of masterSecrets) {
    const code = derivedCode(secret, deployment.id, deployment.pairingExpiresAt);
    if (sha256Hex(code) === deployment.pairingCodeHash) return code;
  }
  return undefined;
}

/**
 * What a typed code names, for the head of school to check before connecting it: which ENT
 * (name, issuer, client id) and which deployment. LTI_PAIRING_CODE_INVALID when the code is
 * unknown or expired, its deployment already serves a school, or its platform is switched off.
 */
export async function findPendingPairing(dataSource: DataSource, code: string, now: Date): Promise<PendingPairing> {
  const normalised = normalise(code);
  if (normalised.length !== CODE_LENGTH) throw new AppError('LTI_PAIRING_CODE_INVALID');
  const deployment = await dataSource.getRepository(LtiDeployment).findOneBy({ pairingCodeHash: sha256Hex(normalised) });
  if (!deployment || deployment.schoolId !== null || deployment.disabledAt !== null) throw new AppError('LTI_PAIRING_CODE_INVALID');
  if (!deployment.pairingExpiresAt || deployment.pairingExpiresAt.getTime() <= now.getTime()) throw new AppError('LTI_PAIRING_CODE_INVALID');
  const platform = await dataSource.getRepository(LtiPlatform).findOneBy({ id: deployment.platformId });
  if (!platform || platform.disabledAt !== null) throw new AppError('LTI_PAIRING_CODE_INVALID');
  return { deployment, platform };
}

/**
 * Connects the deployment a pairing code names to a school, once its head of school (already
 * authorised on that school) has confirmed. Recorded in the audit log. LTI_PAIRING_CODE_INVALID as
 * for `findPendingPairing`, or when another school took it in between.
 */
export async function connectDeploymentByCode(dataSource: DataSource, code: string, schoolId: string, directorId: string, now: Date): Promise<LtiDeployment> {
  const { deployment, platform } = await findPendingPairing(dataSource, code, now);
  return runInTransaction(dataSource, async (manager) => {
    const taken = await updateIf(manager, LtiDeployment, { schoolId, pairingCodeHash: null, pairingExpiresAt: null }, 'id = :id AND schoolId IS NULL AND pairingCodeHash = :hash', {
      id: deployment.id,
      hash: sha256Hex(normalise(code)),
    });
    if (!taken) throw new AppError('LTI_PAIRING_CODE_INVALID');
    await recordAuditEvent(manager, {
      schoolId,
      actorId: directorId,
      action: 'lti.deploymentConnected',
      subjectKind: 'ltiDeployment',
      subjectId: deployment.id,
      detail: { platformId: platform.id, issuer: platform.issuer, clientId: platform.clientId, deploymentId: deployment.deploymentId },
      at: now,
    });
    return Object.assign(deployment, { schoolId, pairingCodeHash: null, pairingExpiresAt: null });
  });
}
