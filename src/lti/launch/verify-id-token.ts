import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError, type ErrorCode } from '../../http/errors.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import { SIGNING_ALGORITHM } from '../keys/tool-keys.js';
import type { PlatformKeySets } from '../platforms/platform-key-sets.js';

/** Clock difference tolerated between the platform and e-carnet. */
const CLOCK_SKEW_SECONDS = 30;
/** An id_token is used seconds after it is issued; an older one is refused even if `exp` is far away. */
const MAX_TOKEN_AGE = '10m';

/**
 * Checks an id_token as the 1EdTech Security Framework requires: RS256 only (never `none`, never
 * an HMAC keyed with a public key), a `kid` found in the platform's key set, the signature, `iss`,
 * `aud` (a string or an array holding our client id) with `azp` when there are several audiences,
 * `exp` and `iat` within a small skew. Each failure has its own code. Returns the claims.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export async function verifyIdToken(idToken: string, platform: LtiPlatform, keySets: PlatformKeySets, now: Date): Promise<JWTPayload> {
  if (idToken.split('.').length !== 3) throw new AppError('LTI_TOKEN_MALFORMED');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(idToken);
  } catch (error) {
    throw new AppError('LTI_TOKEN_MALFORMED', { cause: error });
  }
  if (header.alg !== SIGNING_ALGORITHM) throw new AppError('LTI_TOKEN_ALGORITHM_REJECTED');
  if (typeof header.kid !== 'string' || header.kid === '') throw new AppError('LTI_TOKEN_KID_MISSING');
  const key = await keySets.key(platform.keysetUrl, header.kid);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, key, {
      algorithms: [SIGNING_ALGORITHM],
      issuer: platform.issuer,
      audience: platform.clientId,
      requiredClaims: ['exp', 'iat'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE,
      currentDate: now,
    }));
  } catch (error) {
    throw new AppError(codeFor(error), { cause: error });
  }

  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 1 && payload.azp === undefined) throw new AppError('LTI_TOKEN_AZP_INVALID');
  if (payload.azp !== undefined && payload.azp !== platform.clientId) throw new AppError('LTI_TOKEN_AZP_INVALID');
  return payload;
}

function codeFor(error: unknown): ErrorCode {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'LTI_TOKEN_SIGNATURE_INVALID';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'LTI_TOKEN_ALGORITHM_REJECTED';
  if (error instanceof errors.JWTExpired) return 'LTI_TOKEN_EXPIRED';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'LTI_TOKEN_MALFORMED';
    if (error.claim === 'iss') return 'LTI_TOKEN_ISSUER_MISMATCH';
    if (error.claim === 'aud') return 'LTI_TOKEN_AUDIENCE_MISMATCH';
    if (error.claim === 'iat' || error.claim === 'nbf') return 'LTI_TOKEN_ISSUED_IN_FUTURE';
  }
  return 'LTI_TOKEN_MALFORMED';
}
