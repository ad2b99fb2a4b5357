import { ConnectorOptions, readOidcClient, type ConnectorModule } from '../../src/connectors/contract.js';
import { edificeDirectory } from './directory.js';
import { edificeIdentity } from './userinfo.js';

const edifice: ConnectorModule = {
  load(setup) {
    const options = new ConnectorOptions(setup);
    const client = readOidcClient(options, setup, { secretRequired: true, scopes: ['openid', 'userinfo'] });
    const version = options.string('userinfoVersion') ?? '2.1';
    // Version 1.0 removes classes and children for OAuth clients: without them the links are lost.
    if (!/^2\.\d+$/.test(version)) options.problems.push('option "userinfoVersion" must be 2.x (1.0 drops classes and children)');
    const origin = client.issuer ? new URL(client.issuer).origin : '';
    const directoryUrl = options.url('directoryUrl', false, client.allowInsecureHttp) ?? `${origin}/directory`;
    const directoryScopes = options.stringList('directoryScopes', ['directory']);
    // Staff sees every pupil of the school: no profile type grants it unless the operator says so.
    const staffTypes = options.stringList('staffTypes', []);
    return options.result(() => ({
      protocol: 'oidc',
      ...client,
      userinfoAccept: `application/json; version=${version}`,
      // The ENT's directory is fed by the schools' records: roles, classes and links it states apply at once.
      authoritative: true,
      toIdentity: (claims, issuer, connectorId) => edificeIdentity(claims, issuer, connectorId, { staffTypes }),
      directory: edificeDirectory(directoryUrl, directoryScopes),
    }));
  },
};

export default edifice;
