import { SamlStatusError } from '@node-saml/node-saml';
import { AppError } from '../../http/errors.js';

/**
 * The node-saml release whose messages `samlValidationError` reads. A test compares it with the
 * installed one: upgrading node-saml means checking these messages again (the attack tests do).
 */
export const NODE_SAML_VERSION_MAPPED = '5.1.0';

/**
 * What a node-saml failure means, as a stable code. node-saml reports by message; this is the one
 * place that reads those messages (each mapping is exercised by an attack fixture in the tests).
 */
export function samlValidationError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof SamlStatusError) return new AppError('SAML_AUTHN_FAILED', { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  // The IdP encrypts, but this connector has no decryption key: the deployment's setup, not the person's answer, is at fault.
  if (/No decryption key for encrypted SAML response/i.test(message)) return new AppError('SAML_DECRYPTION_KEY_MISSING', { cause: error });
  if (/signature|Cannot obtain assertion from signed data/i.test(message)) return new AppError('SAML_SIGNATURE_INVALID', { cause: error });
  return new AppError('SAML_RESPONSE_MALFORMED', { cause: error });
}
