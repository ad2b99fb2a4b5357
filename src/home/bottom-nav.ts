import type { NextFunction, Request, Response } from 'express';

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
 * unread badge is counted by the pages that already read the inbox (`navUnread`), so no page pays
 * an extra query for it.
 */
export function bottomNavMiddleware() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const session = req.ecarnetSession;
    if (session?.personId && session.operatorKey === null) res.locals.bottomNav = { current: navPlaceOf(req.path) };
    next();
  };
}
