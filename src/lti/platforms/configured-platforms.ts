import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { PlatformEntry } from '../../config/file-schema.js';
import type { RunMode } from '../../config/schema.js';
import { runInTransaction } from '../../db/transaction.js';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { isAcceptablePlatformUrl } from '../registration/acceptable-url.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { ensureDeployment, findRegistration, insertPlatform } from './registry.js';

/**
 * Brings the platforms listed in `ECARNET_CONFIG` into the database (the one place launches read
 * them from): a new one is added, a known one gets the file's endpoints and deployments and is
 * switched back on. What the file no longer lists is switched off, platform or deployment, so an
 * operator who removes a retired or compromised ENT stops its launches (auth paths fail closed);
 * the rows stay, with their school binding, for the record and so that their account namespace is
 * never handed to anyone else. Their school is chosen in e-carnet by a head of school (a pairing
 * code), since the file names none. Safe to run on several instances at once.
 *
 * In production an entry whose endpoints are not all acceptable (HTTPS to a public address, see
 * `isAcceptablePlatformUrl`) is left out, as if the file did not list it; the refused entries are
 * returned for the log.
 */
export async function syncConfiguredPlatforms(dataSource: DataSource, listed: readonly PlatformEntry[], now: Date, mode: RunMode): Promise<PlatformEntry[]> {
  const platforms: PlatformEntry[] = [];
  const refused: PlatformEntry[] = [];
  for (const entry of listed) {
    const urls = [entry.issuer, entry.authLoginUrl, entry.authTokenUrl, entry.keysetUrl];
    const acceptable = (await Promise.all(urls.map((url) => isAcceptablePlatformUrl(url, mode)))).every(Boolean);
    (acceptable ? platforms : refused).push(entry);
  }
  for (const entry of platforms) {
    try {
      await runInTransaction(dataSource, (manager) => applyEntry(manager, entry, now));
    } catch (error) {
      // Another instance inserted the same platform or deployment first: apply the entry over it.
      if (!isUniqueViolation(error)) throw error;
      await runInTransaction(dataSource, (manager) => applyEntry(manager, entry, now));
    }
  }
  await runInTransaction(dataSource, async (manager) => {
    const configured = await manager.findBy(LtiPlatform, { source: 'config', disabledAt: IsNull() });
    for (const platform of configured) {
      const stillListed = platforms.some((entry) => entry.issuer === platform.issuer && entry.clientId === platform.clientId);
      if (!stillListed) await manager.update(LtiPlatform, { id: platform.id }, { disabledAt: now });
    }
  });
  return refused;
}

async function applyEntry(manager: EntityManager, entry: PlatformEntry, now: Date): Promise<void> {
  const endpoints = {
    authLoginUrl: entry.authLoginUrl,
    authTokenUrl: entry.authTokenUrl,
    keysetUrl: entry.keysetUrl,
    name: entry.name ?? null,
  };
  let platform = await findRegistration(manager, entry.issuer, entry.clientId);
  if (platform) {
    await manager.update(LtiPlatform, { id: platform.id }, { ...endpoints, disabledAt: null });
  } else {
    platform = await insertPlatform(
      manager,
      { issuer: entry.issuer, clientId: entry.clientId, ...endpoints, tokenAudience: null, schoolId: null, source: 'config' },
      now,
    );
  }
  for (const deploymentId of entry.deploymentIds) await ensureDeployment(manager, platform.id, deploymentId, null, now);
  const deployments = await manager.findBy(LtiDeployment, { platformId: platform.id, disabledAt: IsNull() });
  for (const deployment of deployments) {
    if (!entry.deploymentIds.includes(deployment.deploymentId)) await manager.update(LtiDeployment, { id: deployment.id }, { disabledAt: now });
  }
}
