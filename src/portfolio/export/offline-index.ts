import { isUiLanguage, textDirection, type UiLanguage } from '../../i18n/languages.js';
import type { ExportedEntry, ExportedMedium, PortfolioExport } from './collect-portfolio-export.js';
import { createTranslator, type Translate, type Translator } from '../../i18n/translator.js';
import { dateTimeFormat } from '../../i18n/intl-formats.js';
import { escapeHtml } from '../../views/escape-html.js';

// Inline and small: the page must work from a USB stick, at 360 px, in either direction.
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:48rem;margin:0 auto;padding:1rem}
header{margin-block-end:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}
.muted{color:#52606d;font-size:.9rem;margin:.25rem 0}
article{background:#fff;border-radius:.5rem;padding:1rem;margin-block-end:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:0 0 .25rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
.badge{display:inline-block;background:#e4e7eb;border-radius:1rem;padding:0 .5rem;font-size:.85rem}
.comment{white-space:pre-line}
figure{margin:.75rem 0}
img,video{display:block;max-width:100%;height:auto;border-radius:.25rem}
audio{width:100%}
ul{margin:.25rem 0;padding-inline-start:1.25rem}
.level{font-weight:600}
a{color:#0b5cad}
`;

function formatDate(date: Date, language: UiLanguage, timeZone: string): string {
  try {
    return dateTimeFormat(language, { dateStyle: 'long', timeZone }).format(date);
  } catch {
    // An unknown zone name must not cost the family their archive.
    return dateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }
}

function renderMedium(medium: ExportedMedium, position: number, t: Translate): string {
  const href = escapeHtml(medium.path);
  switch (medium.kind) {
    case 'photo':
      return `<figure><img src="${href}" alt="${escapeHtml(t('portfolio.media.photoAlt', { position }))}" loading="lazy"></figure>`;
    case 'video':
      return `<figure><video controls preload="metadata" src="${href}"></video><figcaption><a href="${href}">${escapeHtml(t('portfolio.media.video'))}</a></figcaption></figure>`;
    case 'audio':
      return `<figure><audio controls preload="none" src="${href}"></audio><figcaption><a href="${href}">${escapeHtml(t('portfolio.media.audio'))}</a></figcaption></figure>`;
    case 'document':
      return `<p><a href="${href}">${escapeHtml(t('portfolio.media.document'))} — ${escapeHtml(t('portfolio.export.offline.open'))}</a></p>`;
  }
}

function renderEntry(entry: ExportedEntry, language: UiLanguage, timeZone: string, t: Translate): string {
  const date = formatDate(entry.familiesSeeAt, language, timeZone);
  const heading = entry.title.trim() === '' ? date : entry.title;
  const moment = entry.audience === 'class' && entry.momentKind ? ` · <span class="badge">${escapeHtml(t(`portfolio.moment.${entry.momentKind}`))}</span>` : '';
  const comment = entry.comment.trim() === '' ? '' : `<p class="comment">${escapeHtml(entry.comment)}</p>`;
  const media = entry.media.map((medium, index) => renderMedium(medium, index + 1, t)).join('');
  const skills =
    entry.skills.length === 0
      ? ''
      : `<h3>${escapeHtml(t('portfolio.export.offline.skills'))}</h3><ul>${entry.skills
          .map((skill) => `<li>${escapeHtml(skill.label)} <span class="muted">(${escapeHtml(skill.domainLabel)})</span> — <span class="level">${escapeHtml(t(`portfolio.level.${skill.level}`))}</span></li>`)
          .join('')}</ul>`;
  return `<article><h2>${escapeHtml(heading)}</h2><p class="muted"><time datetime="${entry.familiesSeeAt.toISOString()}">${escapeHtml(date)}</time>${moment}</p>${comment}${media}${skills}</article>`;
}

let catalogs: Translator | undefined;

/**
 * The interface catalogs, loaded once: an archive is written in the words they hold on the day it
 * is made, and keeps them (it is a file the family has, not a page).
 */
function wordsIn(language: UiLanguage): Translate {
  catalogs ??= createTranslator();
  return catalogs.forLanguage(language);
}

/**
 * The archive's `index.html`: the whole portfolio on one self-contained page, readable from disk
 * without a network or a script — inline style, media by relative path (`media/<n>-<file>`), a
 * Content-Security-Policy that forbids anything else. In the requester's language (French when the
 * page language is not one the module speaks).
 */
export function renderOfflineIndex(exported: PortfolioExport, pageLanguage: string | undefined): string {
  const language: UiLanguage = isUiLanguage(pageLanguage) ? pageLanguage : 'fr';
  const t = wordsIn(language);
  const timeZone = exported.school.timezone;
  const name = `${exported.pupil.givenName} ${exported.pupil.familyName}`;
  const title = t('portfolio.export.offline.title', { name });
  const exportedLine = t('portfolio.export.offline.exported', { date: formatDate(exported.exportedAt, language, timeZone), school: exported.school.name });
  const entries = exported.entries.length === 0 ? `<p>${escapeHtml(t('portfolio.export.offline.empty'))}</p>` : exported.entries.map((entry) => renderEntry(entry, language, timeZone, t)).join('\n');
  return `<!doctype html>
<html lang="${language}" dir="${textDirection(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file:; media-src 'self' file:; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(exportedLine)}</p><p class="muted">${escapeHtml(t('portfolio.export.offline.note'))}</p></header>
${entries}
</main>
</body>
</html>
`;
}
