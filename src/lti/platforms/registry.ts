import { type DataSource, type EntityManager } from 'typeorm';
import { newId } from '../../model/columns.js';
import { ExternalIdentity } from '../../model/index.js';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiPlatform, type LtiPlatformSource } from '../../model/lti-platform.js';
import { sha256Hex } from '../secrets.js';

/** What registering a platform needs; the identity namespace is chosen here. */
interface PlatformRegistration {
  readonly issuer: string;
  readonly clientId: string;
  readonly name: string | null;
  readonly authLoginUrl: string;
  readonly authTokenUrl: string;
  readonly keysetUrl: string;
  readonly tokenAudience: string | null;
  readonly schoolId: string | null;
  readonly source: LtiPlatformSource;
}

/** Longest issuer an external identity can hold (the column is 191 characters). */
const IDENTITY_ISSUER_MAX = 191;

/*
 * Every lookup by a platform's identifier is checked again in code. The columns compare bytes
 * without padding (see `exactText`), but the check keeps that true on a server whose collation
 * an operator changed.
 */

/** The deployment of a platform with exactly this `deployment_id`, if it was registered (switched off or not). */
export async function findDeployment(runner: DataSource | EntityManager, platformId: string, deploymentId: string): Promise<LtiDeployment | undefined> {
  const found = await runner.getRepository(LtiDeployment).findOneBy({ platformId, deploymentId });
  return found && found.deploymentId === deploymentId ? found : undefined;
}

/** The registration of exactly this issuer and client id, if there is one (switched off or not). */
export async function findRegistration(runner: DataSource | EntityManager, issuer: string, clientId: string): Promise<LtiPlatform | undefined> {
  const found = await runner.getRepository(LtiPlatform).findOneBy({ issuer, clientId });
  return found && found.issuer === issuer && found.clientId === clientId ? found : undefined;
}

/** The school a launch through this deployment belongs to: the deployment's own, else the platform's. */
export function schoolOfDeployment(platform: LtiPlatform, deployment: LtiDeployment): string | null {
  return deployment.schoolId ?? platform.schoolId;
}

/**
 * Records a platform. Its people are stored under a namespace of its own (see `identityIssuerOf`);
 * the row is never deleted afterwards, so the namespace is never handed to another registration.
 */
export async function insertPlatform(manager: EntityManager, registration: PlatformRegistration, now: Date): Promise<LtiPlatform> {
  const id = newId();
  const platform = Object.assign(new LtiPlatform(), {
    id,
    ...registration,
    identityIssuer: await identityIssuerOf(manager, id, registration.issuer, registration.clientId),
    createdAt: now,
    disabledAt: null,
  });
  await manager.insert(LtiPlatform, platform);
  return platform;
}

/**
 * The namespace of a registration's accounts: `issuer#client_id`, from the first registration of
 * an issuer on (never the bare issuer, which a later registration of another tenant, or a sign-in
 * connector of the same issuer, could meet), or a digest when it would not fit the column. Should
 * any account already live under it (a connector's), the registration gets a namespace named
 * after its own id instead: accounts are never shared with another source by coincidence.
 */
async function identityIssuerOf(manager: EntityManager, platformId: string, issuer: string, clientId: string): Promise<string> {
  const suffixed = `${issuer}#${clientId}`;
  // Issuers are URLs: no `issuer#client_id` can start with `lti-`.
  const candidate = suffixed.length <= IDENTITY_ISSUER_MAX ? suffixed : `lti-sha256:${sha256Hex(suffixed)}`;
  const taken = (await manager.existsBy(LtiPlatform, { identityIssuer: candidate })) || (await manager.existsBy(ExternalIdentity, { issuer: candidate }));
  return taken ? `lti-registration:${platformId}` : candidate;
}

/**
 * Adds a deployment to a platform, or switches a known one back on (nothing else changes: its
 * school stays). `schoolId` applies to a new deployment only.
 */
export async function ensureDeployment(
  manager: EntityManager,
  platformId: string,
  deploymentId: string,
  schoolId: string | null,
  now: Date,
): Promise<LtiDeployment> {
  const existing = await findDeployment(manager, platformId, deploymentId);
  if (existing) {
    if (existing.disabledAt !== null) await manager.update(LtiDeployment, { id: existing.id }, { disabledAt: null });
    return Object.assign(existing, { disabledAt: null });
  }
  const deployment = Object.assign(new LtiDeployment(), {
    id: newId(),
    platformId,
    deploymentId,
    schoolId,
    pairingCodeHash: null,
    pairingExpiresAt: null,
    createdAt: now,
    disabledAt: null,
  });
  await manager.insert(LtiDeployment, deployment);
  return deployment;
}
