import { Router } from 'express';
import type { ModuleContext } from '../context.js';
import { createPaperCopiesRouter } from './copies-router.js';
import { createPrintoutsRouter } from './printouts-router.js';
import { createPaperScanRouter } from './scan-router.js';

/**
 * Paper for families who are not connected or read little: copies of important messages and what
 * their codes open, portfolio booklets and welcome letters.
 */
export function createPaperRouter(context: ModuleContext): Router {
  const router = Router();
  router.use(createPaperCopiesRouter(context));
  router.use(createPaperScanRouter(context));
  router.use(createPrintoutsRouter(context));
  return router;
}
