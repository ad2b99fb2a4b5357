import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { countUnread } from './nav-unread.js';

/** What `res.render` calls back with, when it is given a callback. */
type RenderCallback = (error: Error, html: string) => void;

/** The four places of the phone's bottom navigation. */
type NavPlace = 'home' | 'portfolio' | 'messages' | 'settings';

/** Which place a page belongs to, by its path under the module's base path. */
export function navPlaceOf(path: string): NavPlace | undefined {
  if (path === '/home' || path === '/') return 'home';
  if (path === '/messages/preferences') return 'settings';
  if (path === '/messages' || path.startsWith('/messages/')) return 'messages';
  if (path === '/home/portfolio' || path.startsWith('/portfolio/') || /^\/(children|classes)\/[^/]+\/portfolio$/.test(path)) return 'portfolio';
  return undefined;
}

/**
 * Gives the layout its bottom navigation for people signed in to a school (never an operator,
 * who sees nothing of families): `bottomNav.current` marks the place with `aria-current`. The
 * unread badge is on every page: a page that already read the inbox gives it (`navUnread`, the
 * home page), any other page rendered for a signed-in person counts it when it renders, in one
 * query (`countUnread`); redirects, files and JSON answers pay nothing.
 */
export function bottomNavMiddleware(dataSource: DataSource) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const session = req.ecarnetSession;
    if (!session?.personId || session.operatorKey !== null) {
      next();
      return;
    }
    res.locals.bottomNav = { current: navPlaceOf(req.path) };
    const render = res.render.bind(res) as (view: string, options?: object, callback?: RenderCallback) => void;
    res.render = ((view: string, options?: object | RenderCallback, callback?: RenderCallback) => {
      const locals: object = typeof options === 'object' ? options : {};
      const done = (typeof options === 'function' ? options : callback) as RenderCallback | undefined;
      // Only pages of a person the route signed in (req.actor), and only once: a page that counted it keeps its own.
      if (!req.actor || 'navUnread' in locals) {
        render(view, locals, done);
        return;
      }
      countUnread(dataSource, req.actor).then(
        (navUnread) => render(view, { ...locals, navUnread }, done),
        // The badge is a convenience: a failed count leaves the page without it rather than failing the page.
        () => render(view, locals, done),
      );
    }) as Response['render'];
    next();
  };
}
