import { testDataSource } from '../support/database.js';

/*
 * A real refusal by the database, half-way through a write: a trigger that rejects one person.
 * It lets a test check that a multi-row write is all or nothing, on both engines.
 */

const TRIGGER = 'ecarnet_test_refuse_person';

/** From now on, inserting a person with this given name fails in the database itself. */
export async function refuseInsertsOfPersonNamed(givenName: string): Promise<void> {
  const quoted = givenName.replace(/'/g, "''");
  if (testDataSource().options.type === 'mysql') {
    await testDataSource().query(
      `CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON person FOR EACH ROW BEGIN IF NEW.givenName = '${quoted}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF; END`,
    );
  } else {
    await testDataSource().query(`CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON person WHEN NEW.givenName = '${quoted}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
  }
}

/** Removes the trigger. */
export async function allowInsertsOfPeopleAgain(): Promise<void> {
  await testDataSource().query(`DROP TRIGGER IF EXISTS ${TRIGGER}`);
}
