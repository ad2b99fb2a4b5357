import type { Translate } from '../i18n/translator.js';
import { textDirection } from '../i18n/languages.js';

/** The brand blue of the icon and the header: the phone's status bar takes it. */
export const THEME_COLOUR = '#1d4e89';

/** The manifest's word for an icon drawn as it is (the other purpose, `maskable`, is cut to the phone's mask). */
const DRAWN_AS_IS = 'any';
type IconPurpose = typeof DRAWN_AS_IS | 'maskable';

/** A web app manifest (the fields a browser reads to install the app). */
export interface WebAppManifest {
  readonly id: string;
  readonly name: string;
  readonly short_name: string;
  readonly description: string;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly start_url: string;
  readonly scope: string;
  readonly display: 'standalone';
  readonly theme_color: string;
  readonly background_color: string;
  readonly icons: readonly { src: string; sizes: string; type: string; purpose: IconPurpose }[];
}

/**
 * The installable app's manifest in one interface language, for a module mounted at `base`
 * ('' at the root, '/e-carnet' under a host): the app opens at the home page and stays within the
 * module's pages. The id does not depend on the language, so switching languages is not a second app.
 */
export function webAppManifest(base: string, language: string, t: Translate): WebAppManifest {
  return {
    id: `${base}/home`,
    name: t('pwa.name'),
    short_name: t('pwa.shortName'),
    description: t('pwa.description'),
    lang: language,
    dir: textDirection(language),
    start_url: `${base}/home`,
    scope: `${base}/`,
    display: 'standalone',
    theme_color: THEME_COLOUR,
    background_color: '#ffffff',
    icons: [
      { src: `${base}/static/icons/icon-192.png`, sizes: '192x192', type: 'image/png', purpose: DRAWN_AS_IS },
      { src: `${base}/static/icons/icon-512.png`, sizes: '512x512', type: 'image/png', purpose: DRAWN_AS_IS },
      { src: `${base}/static/icons/icon-maskable-512.png`, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
