import * as client from 'openid-client';
import { AppError, type ErrorCode } from '../../http/errors.js';

interface CodedError {
  readonly code?: string;
  readonly message?: string;
  readonly error?: string;
  readonly cause?: unknown;
}

/**
 * The openid-client and oauth4webapi releases whose error codes and messages `oidcCallbackError`
 * reads. A test compares them with the installed ones: upgrading means checking these again.
 */
export const OIDC_LIBRARY_VERSIONS_MAPPED = { 'openid-client': '6.8.9', oauth4webapi: '3.8.8' } as const;

/** JWT claims whose comparison failure has its own code. */
const CLAIM_CODES: Readonly<Record<string, ErrorCode>> = {
  iss: 'OIDC_ISSUER_MISMATCH',
  aud: 'OIDC_AUDIENCE_MISMATCH',
  azp: 'OIDC_AUDIENCE_MISMATCH',
  nonce: 'OIDC_NONCE_MISMATCH',
};

/** openid-client wraps oauth4webapi's error (message, and the claim at fault) as its cause. */
function innermost(error: unknown): { code?: string; message: string; claim?: string } {
  const outer = (error ?? {}) as CodedError;
  const inner = (outer.cause instanceof Error ? outer.cause : outer) as CodedError;
  const claim = (inner.cause as { claim?: unknown } | undefined)?.claim;
  return { ...(outer.code ? { code: outer.code } : {}), message: inner.message ?? '', ...(typeof claim === 'string' ? { claim } : {}) };
}

/**
 * What an openid-client failure means, as a stable code. Each mapping is exercised by a test
 * against a real provider.
 *
 * The token endpoint's `invalid_grant` does not say why (RFC 6749 §5.2; providers hide it on
 * purpose). It is read as a PKCE failure: the state was already matched to this browser's own
 * sign-in, so a code the provider refuses is one not issued for this sign-in's PKCE challenge —
 * an injected code — (or one that expired in the few seconds of the redirect).
 */
export function oidcCallbackError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  let code: ErrorCode = 'OIDC_ID_TOKEN_INVALID';
  if (error instanceof client.AuthorizationResponseError) {
    code = 'OIDC_AUTHORIZATION_DENIED';
  } else if (error instanceof client.ResponseBodyError) {
    code = error.error === 'invalid_grant' ? 'OIDC_PKCE_MISMATCH' : 'OIDC_CODE_INVALID';
  } else {
    const cause = innermost(error);
    if (cause.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') code = CLAIM_CODES[cause.claim ?? ''] ?? 'OIDC_ID_TOKEN_INVALID';
    else if (cause.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') code = 'OIDC_ID_TOKEN_EXPIRED';
    else if (cause.code === 'OAUTH_INVALID_RESPONSE' && /"iss" \(issuer\)/.test(cause.message)) code = 'OIDC_ISSUER_MISMATCH';
    else if (cause.code === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(cause.message)) code = 'OIDC_STATE_MISMATCH';
  }
  return new AppError(code, { cause: error });
}
