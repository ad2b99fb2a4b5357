import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema.js';
import { hasPendingMigrations } from '../db/migrate.js';

/** An ENT connected through LTI, with the schools its deployments serve (names only). */
export interface ConnectedEnt {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly source: string;
  readonly enabled: boolean;
  readonly deployments: readonly { readonly deploymentId: string; readonly schoolName: string | null; readonly enabled: boolean }[];
}

/** How the deployment is doing, as far as an operator needs to know from the pages. */
export interface ConsoleHealth {
  readonly database: 'sqlite' | 'mysql';
  readonly schemaUpToDate: boolean;
  readonly mode: string;
  readonly connectors: readonly { readonly id: string; readonly type: string; readonly enabled: boolean; readonly schools: number }[];
  /** Notifications waiting to be delivered, and those given up. */
  readonly notificationsWaiting: number;
  readonly notificationsFailed: number;
}

interface PlatformRow {
  id: string;
  name: string | null;
  issuer: string;
  clientId: string;
  source: string;
  disabledAt: unknown;
}

interface DeploymentRow {
  platformId: string;
  deploymentId: string;
  schoolName: string | null;
  disabledAt: unknown;
}

/** Every LTI platform with its deployments. */
export async function connectedEnts(dataSource: DataSource): Promise<ConnectedEnt[]> {
  const platforms = (await dataSource.query('SELECT id, name, issuer, clientId, source, disabledAt FROM lti_platform ORDER BY name, issuer')) as PlatformRow[];
  const deployments = (await dataSource.query(
    'SELECT d.platformId AS platformId, d.deploymentId AS deploymentId, s.name AS schoolName, d.disabledAt AS disabledAt FROM lti_deployment d LEFT JOIN school s ON s.id = d.schoolId ORDER BY d.deploymentId',
  )) as DeploymentRow[];
  return platforms.map((platform) => ({
    name: platform.name ?? platform.issuer,
    issuer: platform.issuer,
    clientId: platform.clientId,
    source: platform.source,
    enabled: platform.disabledAt === null,
    deployments: deployments
      .filter((deployment) => deployment.platformId === platform.id)
      .map((deployment) => ({ deploymentId: deployment.deploymentId, schoolName: deployment.schoolName, enabled: deployment.disabledAt === null })),
  }));
}

/** The database, its schema, the connectors and the notification backlog. */
export async function consoleHealth(dataSource: DataSource, config: Config): Promise<ConsoleHealth> {
  const jobs = (await dataSource.query(
    "SELECT SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS waiting FROM notification_job",
  )) as { failed: unknown; waiting: unknown }[];
  return {
    database: config.database.kind === 'sqlite' ? 'sqlite' : 'mysql',
    schemaUpToDate: !(await hasPendingMigrations(dataSource)),
    mode: config.mode,
    connectors: config.connectors.map((connector) => ({ id: connector.id, type: connector.type, enabled: connector.enabled, schools: connector.schools.length })),
    notificationsWaiting: Number(jobs[0]?.waiting ?? 0),
    notificationsFailed: Number(jobs[0]?.failed ?? 0),
  };
}
