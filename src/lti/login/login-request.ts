import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { parseInput } from '../../http/parse-input.js';

/**
 * The parameters of a third-party initiated login, sent by GET or POST.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login
 */
const loginRequestSchema = z.object({
  iss: z.string().min(1).max(191),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  lti_message_hint: z.string().min(1).max(4000).optional(),
  lti_deployment_id: z.string().min(1).max(191).optional(),
  client_id: z.string().min(1).max(191).optional(),
  /** The frame holding the platform's postMessage storage (`_parent` or a frame name). */
  lti_storage_target: z
    .string()
    .regex(/^[\w.-]{1,100}$/)
    .optional(),
});

/** A checked login initiation request. */
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/**
 * Reads a login request; LTI_LOGIN_INVALID names the fields at fault, each with a problem code of
 * `FIELD_PROBLEMS` (the same reading of zod's issues as every other form), never zod's own words.
 */
export function parseLoginRequest(input: unknown): LoginRequest {
  try {
    return parseInput(loginRequestSchema, input);
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') throw new AppError('LTI_LOGIN_INVALID', { fields: error.fields });
    throw error;
  }
}
