import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ModuleContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { describeUnsubscribeToken, UNSUBSCRIBE_PATH, useUnsubscribeToken } from './unsubscribe-tokens.js';

/** A share-style token (base64url); anything else gets the same answer as a used one. */
const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });

/**
 * The address at the end of each link-holder notice. `GET` only shows what it would do (mail
 * scanners and link previews open addresses without anyone asking); `POST` — the page's button,
 * or a mail client's one-click request (RFC 8058) — stops the e-mails. The token is the proof, so
 * the POST needs no session and is exempt from the CSRF check.
 */
export function createUnsubscribeRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock, logger } = context;
  const noStore = (res: Response) => res.set('Cache-Control', 'no-store');
  const tokenOf = (params: unknown): string => {
    const parsed = tokenParams.safeParse(params);
    if (!parsed.success) throw new AppError('SHARE_UNSUBSCRIBE_INVALID');
    return parsed.data.token;
  };

  router.get(`${UNSUBSCRIBE_PATH}/:token`, async (req, res) => {
    noStore(res);
    const token = tokenOf(req.params);
    const found = await describeUnsubscribeToken(dataSource, token);
    if (!found) throw new AppError('SHARE_UNSUBSCRIBE_INVALID');
    res.render('sharing/unsubscribe', { title: req.t('sharing.unsubscribe.title'), name: found.childGivenName, action: `${req.basePath}${UNSUBSCRIBE_PATH}/${token}` });
  });

  router.post(`${UNSUBSCRIBE_PATH}/:token`, async (req, res) => {
    noStore(res);
    const token = tokenOf(req.params);
    if (!(await useUnsubscribeToken(dataSource, token, clock.now()))) throw new AppError('SHARE_UNSUBSCRIBE_INVALID');
    logger.info({ event: 'share.linkNoticesStopped' }, 'a link holder stopped the notices');
    res.render('sharing/unsubscribed', { title: req.t('sharing.unsubscribe.doneTitle') });
  });

  return router;
}
