import type { Request, Response } from 'express';
import type { NormalizedIdentity } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import type { ModuleContext } from '../../context.js';
import { IdentitySessionLink } from '../../model/identity-session-link.js';
import type { SignInProtocol } from '../../model/identity-pending-request.js';
import { completeSignIn } from '../complete-sign-in.js';
import { scopeIdentityToSchools } from './scope-identity.js';

/** What the identity provider's session is known by, for single logout. */
interface ProviderSessionFacts {
  readonly nameId?: string;
  readonly nameIdFormat?: string | null;
  readonly sessionIndex?: string;
  readonly idToken?: string;
  readonly casTicket?: string;
}

/**
 * The end of a sign-in through a connector, once its protocol was fully checked: the identity,
 * cut to the schools the connector serves, goes to the one provisioner (through `completeSignIn`,
 * which renews the session), the provider's session is remembered for single logout, and the
 * browser goes where it was heading.
 */
export async function finishSignIn(
  context: ModuleContext,
  req: Request,
  res: Response,
  loaded: LoadedConnector,
  protocol: SignInProtocol,
  identity: NormalizedIdentity,
  session: ProviderSessionFacts,
  returnPath: string,
): Promise<void> {
  const scoped = scopeIdentityToSchools(identity, loaded.schools);
  await completeSignIn(context, req, res, scoped, `${protocol}:${loaded.id}`, {
    connectorSchools: loaded.schools,
    // ÉduConnect's links are its own kind in a guardianship's history: proposed by the family, not the ENT.
    linkSource: loaded.type === 'educonnect' ? 'educonnect' : 'ent',
  });
  const tokenHash = req.ecarnetSession?.tokenHash;
  if (tokenHash) {
    await context.dataSource.getRepository(IdentitySessionLink).insert({
      sessionTokenHash: tokenHash,
      connectorId: loaded.id,
      protocol,
      issuer: identity.issuer.slice(0, 191),
      subject: identity.subject.slice(0, 191),
      nameId: session.nameId?.slice(0, 191) ?? null,
      nameIdFormat: session.nameIdFormat?.slice(0, 191) ?? null,
      sessionIndex: session.sessionIndex?.slice(0, 191) ?? null,
      idToken: session.idToken ?? null,
      casTicket: session.casTicket?.slice(0, 191) ?? null,
      createdAt: context.clock.now(),
    });
  }
  res.redirect(303, returnPath);
}
