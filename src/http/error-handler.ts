import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { textDirection } from '../i18n/languages.js';
import { chooseLanguage } from '../i18n/middleware.js';
import type { Translate, Translator } from '../i18n/translator.js';
import { AppError, type ErrorCode, type FieldProblem } from './errors.js';
import { wantsJson } from './negotiation.js';
import { isMalformedPathOnly } from './malformed-path.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { isRefusedForm, refusedFormModel } from './form-refused-page.js';
import { readTypedFields } from './typed-fields.js';

/** Seconds a client is asked to wait before retrying a 503: outages seen so far pass in seconds. */
export const RETRY_AFTER_SECONDS = 5;

/** Errors thrown by body-parser carry a `type`; each maps to its own stable code. */
const BODY_PARSER_CODES: Record<string, ErrorCode> = {
  'entity.parse.failed': 'MALFORMED_JSON',
  'entity.too.large': 'BODY_TOO_LARGE',
  'parameters.too.many': 'BAD_REQUEST',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'request.aborted': 'BAD_REQUEST',
  'request.size.invalid': 'BAD_REQUEST',
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error && typeof error === 'object' && 'type' in error && typeof error.type === 'string') {
    const code = BODY_PARSER_CODES[error.type];
    if (code) return new AppError(code, { cause: error });
  }
  // Other errors that Express and its parsers mark as the client's (a path with bad %-encoding…).
  const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : NaN;
  if (status >= 400 && status < 500) return new AppError('BAD_REQUEST', { cause: error });
  if (isDatabaseUnavailable(error)) return new AppError('SERVICE_UNAVAILABLE', { cause: error });
  return undefined;
}

/** A field problem with its words in the reader's language. */
export interface DescribedProblem {
  readonly field: string;
  readonly problem: string;
  /** The field's name for people (`fields.<field>` in the catalogs), or the field itself. */
  readonly label: string;
  readonly message: string;
}

/** Translates a field problem: `errors.fields.<problem>` and the field's label `fields.<field>`. */
export function describeProblem(t: Translate, problem: FieldProblem): DescribedProblem {
  const labelKey = `fields.${problem.field}`;
  const label = t(labelKey);
  const messageKey = `errors.fields.${problem.problem}`;
  const message = t(messageKey);
  return {
    field: problem.field,
    problem: problem.problem,
    label: label === labelKey ? problem.field : label,
    message: message === messageKey ? problem.problem : message,
  };
}

/** Unknown routes. */
export const notFoundHandler: RequestHandler = () => {
  throw new AppError('NOT_FOUND');
};

/**
 * Answers every error with its stable code and a message for people, in their language. An
 * unexpected error is logged in full and answered as INTERNAL_ERROR, with nothing of its text.
 */
export function errorHandler(logger: Logger, translator: Translator): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = toAppError(error);
    const json = wantsJson(req);
    // The API keeps naming the field at fault; a page treats a malformed id as an address leading nowhere.
    const pageNotFound = known !== undefined && !json && isMalformedPathOnly(req, known);
    const appError = pageNotFound ? new AppError('NOT_FOUND', { cause: error }) : (known ?? new AppError('INTERNAL_ERROR', { cause: error }));
    if (known === undefined) logger.error({ err: error, url: req.originalUrl, method: req.method }, 'unexpected error');
    else if (appError.code === 'SERVICE_UNAVAILABLE') logger.warn({ err: error, code: appError.code }, 'dependency unavailable');
    else if (appError.status >= 500) logger.error({ err: error, code: appError.code }, 'service error');

    // Body-parser errors come before the language middleware: choose the language here then.
    const language = req.language ?? chooseLanguage(req);
    const t = req.t ?? translator.forLanguage(language);
    const message = t(`errors.${appError.code}`);
    res.status(appError.status);
    res.set('Cache-Control', 'no-store');
    if (appError.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));

    const fields = appError.fields.map((problem) => describeProblem(t, problem));
    if (json) {
      const body: { error: { code: ErrorCode; message: string; fields?: readonly Omit<DescribedProblem, 'label'>[] } } = {
        error: { code: appError.code, message },
      };
      if (fields.length > 0) body.error.fields = fields.map(({ field, problem, message: text }) => ({ field, problem, message: text }));
      res.json(body);
      return;
    }
    const page = {
      title: t('errors.title'),
      status: appError.status,
      code: appError.code,
      message,
      fields,
      showSignIn: appError.code === 'SESSION_EXPIRED' || appError.code === 'AUTHENTICATION_REQUIRED',
      lang: language,
      dir: textDirection(language),
      t,
      base: req.basePath ?? '',
    };
    if (!isRefusedForm(req, appError.code)) {
      res.render('errors/error', page);
      return;
    }
    // What a person typed is never thrown away: a form refused for its session or token comes back with its text.
    readTypedFields(req).then(
      (typed) => res.render('errors/error', { ...page, refusedForm: refusedFormModel(req, t, typed) }),
      (failure: unknown) => next(failure),
    );
  };
}
