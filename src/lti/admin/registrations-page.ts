import { In, IsNull, type DataSource } from 'typeorm';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { School } from '../../model/school.js';
import { can, type Actor } from '../../policy/index.js';
import { platformLabel } from '../platforms/platform-label.js';

/** A platform as a head of school sees it: which ENT, which deployments serve their school. */
interface PlatformSummary {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly source: string;
  /** True when the whole registration serves this school (deployments can be added to it). */
  readonly ownsRegistration: boolean;
  readonly deploymentIds: readonly string[];
}

/** One school the actor may connect ENTs for. */
interface SchoolRegistrations {
  readonly schoolId: string;
  readonly schoolName: string;
  readonly platforms: readonly PlatformSummary[];
}

/** The schools whose settings the actor may change (heads of school), with their ENT registrations. */
export async function schoolsConnectableBy(dataSource: DataSource, actor: Actor): Promise<SchoolRegistrations[]> {
  const schoolIds = [...actor.rolesBySchool.keys()].filter((schoolId) => can(actor, 'update', { kind: 'schoolSettings', schoolId }));
  if (schoolIds.length === 0) return [];
  const schools = await dataSource.getRepository(School).find({ where: { id: In(schoolIds) }, order: { name: 'ASC' } });
  // Registrations and deployments switched off (disconnected, removed from the file) serve no one.
  const deployments = await dataSource.getRepository(LtiDeployment).find({ where: { schoolId: In(schoolIds), disabledAt: IsNull() } });
  const owned = await dataSource.getRepository(LtiPlatform).find({ where: { schoolId: In(schoolIds), disabledAt: IsNull() } });
  const platformIds = [...new Set([...owned.map((platform) => platform.id), ...deployments.map((deployment) => deployment.platformId)])];
  const platforms =
    platformIds.length === 0 ? [] : await dataSource.getRepository(LtiPlatform).find({ where: { id: In(platformIds), disabledAt: IsNull() }, order: { createdAt: 'ASC' } });
  const allDeployments =
    platformIds.length === 0 ? [] : await dataSource.getRepository(LtiDeployment).find({ where: { platformId: In(platformIds), disabledAt: IsNull() } });

  return schools.map((school) => ({
    schoolId: school.id,
    schoolName: school.name,
    platforms: platforms
      .filter((platform) => platform.schoolId === school.id || deployments.some((d) => d.platformId === platform.id && d.schoolId === school.id))
      .map((platform) => ({
        id: platform.id,
        name: platformLabel(platform),
        issuer: platform.issuer,
        clientId: platform.clientId,
        source: platform.source,
        ownsRegistration: platform.schoolId === school.id,
        deploymentIds: allDeployments
          .filter((d) => d.platformId === platform.id && (d.schoolId ?? platform.schoolId) === school.id)
          .map((d) => d.deploymentId)
          .sort(),
      })),
  }));
}
