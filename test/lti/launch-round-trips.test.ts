import { expect } from 'chai';
import { Person } from '../../src/model/index.js';
import { countStatements, type StatementCount } from '../support/count-statements.js';
import { testDataSource } from '../support/database.js';
import { ROLE, type SimMessage } from '../support/lti-platform.js';
import { personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { postLaunch, startLogin } from './support/launch.js';

/** The cost of one complete launch, as the database sees it. */
interface LaunchCost {
  readonly login: StatementCount;
  readonly launch: StatementCount;
}

/*
 * What one complete launch (login + launch + provisioning + session) asks of the database. Every
 * lesson start in an ENT is one, so each statement is there for a reason:
 *
 * Login initiation (3): the registration and the deployment the login names (one read); the
 * address's login budget (one conditional UPDATE, shared by every instance); the login's state and
 * nonce (one INSERT).
 *
 * Launch of a returning pupil whose claims did not change (5, no transaction): the login, its
 * registration and the deployment the token names (one read); spending the nonce (one conditional
 * UPDATE: of two replays, one wins); the person, checked unchanged, with whether all their schools
 * were closed by the operator (one read: a member of deactivated schools only opens no session,
 * whatever the sign-in path); the session (one INSERT); the sign-in's audit record (one INSERT).
 *
 * A first launch adds the provisioner's transaction instead of the unchanged-person read's
 * shortcut: the school, the account (read again inside the transaction, where a racing first
 * launch shows), the person and the account, the school membership, the class and the enrolment
 * (each read, then written), and the person read back for the session.
 */
describe('LTI launch: database round trips', function () {
  this.timeout(60_000);
  let lti: LtiFixture;
  const message = (user: string): SimMessage => ({ user, type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });

  before(async () => {
    lti = await ltiFixture();
    // A first pupil opens the class and runs the once-a-minute purges, which are not a launch's cost.
    await measuredLaunch(message('pupil-3'));
  });
  after(async () => {
    await lti.close();
  });

  async function measuredLaunch(sent: SimMessage): Promise<LaunchCost> {
    const agent = lti.browser();
    const login = await countStatements(testDataSource(), () => startLogin(agent, lti.platform, sent));
    const form = await lti.platform.authorize(login.result.authorizationUrl);
    const launch = await countStatements(testDataSource(), () => postLaunch(agent, form.idToken, form.state));
    expect(launch.result.status, launch.result.text).to.equal(303);
    return { login: login.count, launch: launch.count };
  }

  const shown = (cost: LaunchCost) => [...cost.login.sql, '--- launch ---', ...cost.launch.sql].map((line) => line.slice(0, 120)).join('\n');

  it('a returning pupil whose claims did not change: 8 statements, no transaction', async () => {
    lti.platform.addUser({ sub: 'returning-pupil', givenName: 'Inès', familyName: 'Moreau', roles: [ROLE.learner] });
    await measuredLaunch(message('returning-pupil'));
    const cost = await measuredLaunch(message('returning-pupil'));
    expect([cost.login.statements, cost.login.transactions], shown(cost)).to.deep.equal([3, 0]);
    expect([cost.launch.statements, cost.launch.transactions], shown(cost)).to.deep.equal([5, 0]);
    expect(cost.login.roundTrips + cost.launch.roundTrips).to.equal(8);
  });

  it('a first launch: one transaction, for the provisioner', async () => {
    lti.platform.addUser({ sub: 'new-pupil', givenName: 'Noé', familyName: 'Girard', roles: [ROLE.learner] });
    const cost = await measuredLaunch(message('new-pupil'));
    expect([cost.login.statements, cost.login.transactions], shown(cost)).to.deep.equal([3, 0]);
    expect(cost.launch.transactions, shown(cost)).to.equal(1);
    expect(cost.launch.statements, shown(cost)).to.be.at.most(FIRST_LAUNCH_STATEMENTS);
  });

  it('a returning pupil whose name changed goes through the provisioner again, and the name follows', async () => {
    lti.platform.addUser({ sub: 'renamed-pupil', givenName: 'Lou', familyName: 'Avant', roles: [ROLE.learner] });
    await measuredLaunch(message('renamed-pupil'));
    lti.platform.addUser({ sub: 'renamed-pupil', givenName: 'Lou', familyName: 'Après', roles: [ROLE.learner] });
    const cost = await measuredLaunch(message('renamed-pupil'));
    expect(cost.launch.transactions, shown(cost)).to.equal(1);
    const person = await testDataSource().getRepository(Person).findOneByOrFail({ id: (await personOf(lti.registration.identityIssuer, 'renamed-pupil'))! });
    expect(person.familyName).to.equal('Après');
  });
});

/**
 * A first launch's statements: 17 on SQLite (the launch's read, the nonce, the unchanged-person
 * read that misses, 11 in the provisioner's transaction, the person read back, the closed-schools
 * check, the session and the audit record); MariaDB reads back the inserted person's defaulted
 * column as SQLite does.
 */
const FIRST_LAUNCH_STATEMENTS = 17;
