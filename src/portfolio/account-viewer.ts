import type { Request } from 'express';
import { actorOf } from '../auth/require-sign-in.js';
import { clientAddress } from '../sharing/client-address.js';
import type { TimelineViewer } from './view-timeline.js';

/** The signed-in person of a request, as the viewer of a timeline they open with their account. */
export function accountViewer(req: Request): TimelineViewer {
  return { actor: actorOf(req), via: { channel: 'account' }, userAgent: req.get('user-agent'), address: clientAddress(req) };
}
