import { Router } from 'express';

/** The meetings pages: the hosts' rounds, booking, the meeting page. */
export function createMeetingsRouter(): Router {
  return Router();
}
