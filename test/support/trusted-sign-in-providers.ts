import fs from 'node:fs';
import path from 'node:path';
import { TestOidcProvider } from './oidc-provider.js';
import { TestSamlIdp } from './saml-idp.js';
import { makeTestKeyPair } from './test-certificate.js';

/** The two identity providers a module trusts, and what its processes need to trust them. */
export interface TrustedSignInProviders {
  /** ÉduConnect-like SAML IdP, connector `educonnect`. */
  readonly idp: TestSamlIdp;
  /** ENT OpenID provider (Edifice), connector `ent`. */
  readonly provider: TestOidcProvider;
  /** Environment for a module process: the configuration file and the secrets it names. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts an ÉduConnect-like SAML IdP and an ENT OpenID provider that trust a module reached at
 * `baseUrl` (plain http on loopback), and writes the connectors file naming them into `folder`.
 * Accounts are the caller's to add.
 */
export async function startTrustedSignInProviders(baseUrl: string, folder: string): Promise<TrustedSignInProviders> {
  const idp = await new TestSamlIdp().start();
  const provider = await new TestOidcProvider().start([`${baseUrl}/auth/oidc/ent/callback`], [`${baseUrl}/sign-in?signedOut=1`]);
  const sp = makeTestKeyPair('test SP');
  const encryption = makeTestKeyPair('test SP encryption');
  const configFile = path.join(folder, 'connectors.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      connectors: [
        {
          id: 'educonnect',
          type: 'educonnect',
          options: {
            idpEntityId: idp.entityId,
            idpSsoUrl: idp.ssoUrl,
            idpCertificates: [idp.keys.certificate],
            spSigningKeyEnv: 'ECARNET_TEST_SP_KEY',
            spSigningCertificate: sp.certificate,
            spDecryptionKeyEnv: 'ECARNET_TEST_SP_DECRYPTION_KEY',
            spDecryptionCertificate: encryption.certificate,
            allowInsecureHttp: true,
          },
        },
        { id: 'ent', type: 'edifice', options: { issuer: provider.url, clientId: provider.clientId, clientSecretEnv: 'ECARNET_TEST_ENT_SECRET', allowInsecureHttp: true } },
      ],
    }),
  );
  const root = `${baseUrl}/auth/saml/educonnect`;
  idp.trust({ entityId: `${root}/metadata`, acsUrl: `${root}/acs`, logoutUrl: `${root}/logout`, signingCertificate: sp.certificate, encryptionCertificate: encryption.certificate });
  return {
    idp,
    provider,
    env: {
      ECARNET_CONFIG: configFile,
      ECARNET_TEST_SP_KEY: sp.privateKey,
      ECARNET_TEST_SP_DECRYPTION_KEY: encryption.privateKey,
      ECARNET_TEST_ENT_SECRET: provider.clientSecret,
    },
    async stop() {
      await idp.stop();
      await provider.stop();
    },
  };
}
