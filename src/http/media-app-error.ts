import { isMediaError } from '../media/index.js';
import { AppError, ERROR_STATUS, type ErrorCode } from './errors.js';

/** A media pipeline error as the module's error: same stable code, translated message. */
export function asAppError(error: unknown): unknown {
  if (!isMediaError(error)) return error;
  const code = error.code in ERROR_STATUS ? (error.code as ErrorCode) : 'BAD_REQUEST';
  return new AppError(code, { cause: error });
}
