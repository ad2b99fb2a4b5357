import { ConnectorOptions, insecureHttpAllowed, type ConnectorModule } from '../../src/connectors/contract.js';
import { edificeDirectory } from './directory.js';
import { edificeIdentity } from './userinfo.js';

const edifice: ConnectorModule = {
  load(setup) {
    const options = new ConnectorOptions(setup);
    const allowInsecureHttp = insecureHttpAllowed(options, setup);
    const issuer = options.url('issuer', true, allowInsecureHttp);
    const clientId = options.string('clientId', true);
    const clientSecret = options.secret('clientSecretEnv', true);
    const scopes = options.stringList('scopes', ['openid', 'userinfo']);
    if (!scopes.includes('openid')) options.problems.push('option "scopes" must include openid');
    const version = options.string('userinfoVersion') ?? '2.1';
    // Version 1.0 removes classes and children for OAuth clients: without them the links are lost.
    if (!/^2\.\d+$/.test(version)) options.problems.push('option "userinfoVersion" must be 2.x (1.0 drops classes and children)');
    const directoryUrl = options.url('directoryUrl', false, allowInsecureHttp) ?? `${issuer ? new URL(issuer).origin : ''}/directory`;
    const directoryScopes = options.stringList('directoryScopes', ['directory']);
    const allowInsecurePkcePlain = options.boolean('allowInsecurePkcePlain', false);
    // Staff sees every pupil of the school: no profile type grants it unless the operator says so.
    const staffTypes = options.stringList('staffTypes', []);
    return options.result(() => ({
      protocol: 'oidc',
      issuer,
      clientId,
      ...(clientSecret === undefined ? {} : { clientSecret }),
      scopes,
      allowInsecurePkcePlain,
      allowInsecureHttp,
      userinfoAccept: `application/json; version=${version}`,
      // The ENT's directory is fed by the schools' records: roles, classes and links it states apply at once.
      authoritative: true,
      toIdentity: (claims, issuer, connectorId) => edificeIdentity(claims, issuer, connectorId, { staffTypes }),
      directory: edificeDirectory(directoryUrl, directoryScopes),
    }));
  },
};

export default edifice;
