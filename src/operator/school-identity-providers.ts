import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import type { Config } from '../config/schema.js';
import { LtiDeployment } from '../model/lti-deployment.js';
import { LtiPlatform } from '../model/lti-platform.js';
import type { School } from '../model/school.js';

/**
 * True when a session's sign-in came through one of the school's own identity providers: a
 * configured connector that lists the school's UAI, or an LTI platform connected to the school
 * (the platform's school or one of its live deployments'). Demo and unknown sign-ins never are.
 */
export async function signedInThroughSchool(dataSource: DataSource, config: Config, signInMethod: string | null, school: School): Promise<boolean> {
  const match = /^([a-z]+):(.+)$/.exec(signInMethod ?? '');
  if (!match) return false;
  const [, protocol, id] = match as unknown as [string, string, string];
  if (protocol === 'lti') {
    const platform = await dataSource.getRepository(LtiPlatform).findOneBy({ id, disabledAt: IsNull() });
    if (!platform) return false;
    if (platform.schoolId === school.id) return true;
    return dataSource.getRepository(LtiDeployment).existsBy({ platformId: platform.id, schoolId: school.id, disabledAt: IsNull() });
  }
  const connector = config.connectors.find((entry) => entry.id === id && entry.enabled);
  return connector !== undefined && connector.schools.includes(school.uai);
}
