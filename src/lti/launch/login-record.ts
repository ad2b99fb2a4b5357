import type { DataSource } from 'typeorm';
import { AppError } from '../../http/errors.js';
import { LtiLogin } from '../../model/lti-login.js';
import { oneTime } from '../one-time.js';

/**
 * The id_token's nonce must be the one issued with this very login, never used: a nonce seen
 * before is a replay (LTI_NONCE_REPLAYED), any other is one we never issued for it
 * (LTI_NONCE_UNKNOWN). Reads only; `consumeLogin` spends it.
 */
export async function checkNonce(dataSource: DataSource, login: LtiLogin, nonce: unknown): Promise<void> {
  if (typeof nonce !== 'string' || nonce !== login.nonce) {
    const issued = typeof nonce === 'string' && nonce !== '' ? await dataSource.getRepository(LtiLogin).findOneBy({ nonce }) : null;
    throw new AppError(issued?.usedAt && issued.nonce === nonce ? 'LTI_NONCE_REPLAYED' : 'LTI_NONCE_UNKNOWN');
  }
  if (login.usedAt !== null) throw new AppError('LTI_NONCE_REPLAYED');
}

/** Spends the login's state and nonce, once: of two identical launches racing, one loses here. */
export async function consumeLogin(dataSource: DataSource, login: LtiLogin, now: Date): Promise<void> {
  if (!(await oneTime.spend(dataSource, LtiLogin, login, now))) throw new AppError('LTI_NONCE_REPLAYED');
}
