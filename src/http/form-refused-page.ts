import type { Request } from 'express';
import { CSRF_FIELD } from '../auth/csrf.js';
import type { Translate } from '../i18n/translator.js';
import type { ErrorCode } from './errors.js';
import type { TypedFields } from './typed-fields.js';

/** Refusals of a form that say nothing about what was typed: the text can be sent again as it is. */
const FORM_REFUSALS: ReadonlySet<ErrorCode> = new Set(['CSRF_TOKEN_MISSING', 'CSRF_TOKEN_INVALID', 'SESSION_EXPIRED', 'AUTHENTICATION_REQUIRED']);

/** Fields people write in (a message, a comment, a title…): given back in a text box with their label. */
const WRITTEN_FIELDS: ReadonlySet<string> = new Set(['subject', 'body', 'title', 'comment', 'answer', 'evidence', 'label', 'legalBasisReference']);

/** Never written back into a page, even hidden: the person types it again. */
const NEVER_ECHOED: ReadonlySet<string> = new Set([CSRF_FIELD, 'password']);

/** Whether a refused request was a page's form whose text is worth giving back. */
export function isRefusedForm(req: Request, code: ErrorCode): boolean {
  return req.method === 'POST' && FORM_REFUSALS.has(code) && (req.is('application/x-www-form-urlencoded') !== false || req.is('multipart/form-data') !== false);
}

interface WrittenField {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly id: string;
}

interface HiddenField {
  readonly name: string;
  readonly value: string;
}

/** What the refused-form page shows: the text typed, and a form to send it again when the session is alive. */
export interface RefusedFormModel {
  readonly written: WrittenField[];
  readonly hidden: HiddenField[];
  /** Present when the person is still signed in: the same form, with the session's current token. */
  readonly resend?: { readonly action: string; readonly multipart: boolean; readonly csrfToken: string };
}

/**
 * Builds the page that gives a refused form's text back. Written fields show in text boxes the
 * person can edit or copy; the form's other choices (recipients, kind…) go back hidden so a
 * second send is the same message. Files cannot be given back: the page says so.
 */
export function refusedFormModel(req: Request, t: Translate, typed: TypedFields): RefusedFormModel {
  const written: WrittenField[] = [];
  const hidden: HiddenField[] = [];
  for (const [name, value] of Object.entries(typed)) {
    if (NEVER_ECHOED.has(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (WRITTEN_FIELDS.has(name) && values.length === 1 && values[0]!.trim() !== '') {
      written.push({ name, label: labelOf(t, name), value: values[0]!, id: `typed-${written.length}` });
    } else {
      for (const item of values) hidden.push({ name, value: item });
    }
  }
  const session = req.ecarnetSession;
  if (!session || written.length === 0) return { written, hidden: [] };
  return {
    written,
    hidden,
    resend: { action: `${req.basePath}${req.url}`, multipart: req.is('multipart/form-data') !== false, csrfToken: session.csrfToken },
  };
}

function labelOf(t: Translate, name: string): string {
  const key = `fields.${name}`;
  const label = t(key);
  return label === key ? t('errors.typedText') : label;
}
