import { IdentityClassSource, SchoolClass } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';

/** Makes a class one an ENT connector created, as its teachers' first sign-in does: its external ref is the ENT's class id. */
export async function fromEnt(klass: SchoolClass, externalRef: string, connectorId = 'edifice'): Promise<void> {
  await testDataSource().getRepository(SchoolClass).update({ id: klass.id }, { externalRef });
  await testDataSource().getRepository(IdentityClassSource).insert({ classId: klass.id, connectorId, createdAt: new Date('2020-01-01T00:00:00Z') });
}
