import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiPlatform } from '../../model/lti-platform.js';

/**
 * Stops an ENT from opening e-carnet for a school. A registration that serves the school as a
 * whole (dynamic registration) is switched off for good: its row stays, with its deployments and
 * school, for the record and so that its accounts' namespace is never handed to a later
 * registration; its logins are refused from now on. A shared one (from the configuration file)
 * only loses the school's deployments, which a new pairing code can connect again. People keep
 * their accounts and rights: removals come from roster syncs and the school. Returns false when
 * the platform serves nothing of this school.
 */
export async function disconnectPlatform(dataSource: DataSource, platformId: string, schoolId: string, directorId: string, now: Date): Promise<boolean> {
  return runInTransaction(dataSource, async (manager) => {
    const platform = await manager.findOneBy(LtiPlatform, { id: platformId });
    if (!platform || platform.disabledAt !== null) return false;
    let removed: 'registration' | 'deployments';
    if (platform.schoolId === schoolId) {
      await manager.update(LtiPlatform, { id: platformId }, { disabledAt: now });
      removed = 'registration';
    } else {
      const result = await manager.update(LtiDeployment, { platformId, schoolId }, { schoolId: null });
      if (!result.affected) return false;
      removed = 'deployments';
    }
    await recordAuditEvent(manager, {
      schoolId,
      actorId: directorId,
      action: 'lti.platformDisconnected',
      subjectKind: 'ltiPlatform',
      subjectId: platformId,
      detail: { issuer: platform.issuer, clientId: platform.clientId, removed },
      at: now,
    });
    return true;
  });
}
