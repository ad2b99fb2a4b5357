/*
 * Raw baseline of the rentrée surge: the parent pages that have a raw counterpart (home and a
 * child's timeline), served by one node:http process on one pool, as the module serves them from
 * one process. Any other path answers 404.
 */
import { rawPool } from './raw-pool.js';
import { renderHome } from './raw-parent-page.js';
import { serveRawPage } from './raw-server.js';
import { renderTimeline } from './raw-timeline.js';

const TIMELINE = /^\/children\/[^/]+\/portfolio$/;

serveRawPage(async (url, cookie) => {
  if (url === '/home') return renderHome(cookie);
  if (TIMELINE.test(url)) return renderTimeline(url, cookie);
  return { status: 404, html: 'not found' };
}, rawPool);
