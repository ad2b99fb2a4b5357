import { isUiLanguage, textDirection, type UiLanguage } from '../i18n/languages.js';
import { createTranslator, type Translate, type Translator } from '../i18n/translator.js';
import type { ExportedChild, ExportedMessage, FamilyData } from './family-data-format.js';
import { escapeHtml } from '../views/escape-html.js';

// Inline and small: the page must be readable from a USB stick, at 360 px, in either direction.
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:48rem;margin:0 auto;padding:1rem}
section,article{background:#fff;border-radius:.5rem;padding:1rem;margin-block-end:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow-wrap:anywhere}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:0 0 .5rem}
h3{font-size:1.05rem;margin:.75rem 0 .25rem}
.muted{color:#52606d;font-size:.9rem;margin:.25rem 0}
.body{white-space:pre-line}
ul{margin:.25rem 0;padding-inline-start:1.25rem}
a{color:#0b5cad}
`;

let catalogs: Translator | undefined;

function wordsIn(language: UiLanguage): Translate {
  catalogs ??= createTranslator();
  return catalogs.forLanguage(language);
}

function formatInstant(value: string, language: UiLanguage): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(value));
}

function list(items: readonly string[], t: Translate): string {
  return items.length === 0 ? `<p class="muted">${escapeHtml(t('familyData.none'))}</p>` : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

function renderChild(child: ExportedChild, language: UiLanguage, t: Translate): string {
  const when = (value: string) => escapeHtml(formatInstant(value, language));
  const rights = Object.entries(child.imageRightsInForce).map(
    ([purpose, scope]) => `${escapeHtml(t(`imageRights.purpose.${purpose}`))} : ${escapeHtml(t(`consent.${scope}`))}`,
  );
  const consents = child.consents.map(
    (consent) =>
      `${when(consent.recordedAt)} — ${escapeHtml(consent.purpose ? t(`imageRights.purpose.${consent.purpose}`) : t('imageRights.allPurposes'))} : ${escapeHtml(t(`consent.${consent.scope}`))} (${escapeHtml(consent.givenByYou ? t('familyData.givenByYou') : t('familyData.paperForm'))})`,
  );
  const accesses = child.portfolioAccesses.map(
    (access) =>
      `${when(access.at)} — ${escapeHtml(t(`sharing.channel.${access.channel}`))}${access.who ? ` · ${escapeHtml(access.who)}` : access.channel === 'account' ? ` · ${escapeHtml(t('sharing.history.otherGuardian'))}` : ''} · ${escapeHtml(t(`sharing.device.${access.deviceFamily}`))} · <bdi>${escapeHtml(access.network)}</bdi>`,
  );
  const portfolio = child.portfolioArchive
    ? `<p><a href="${escapeHtml(child.portfolioArchive)}">${escapeHtml(t('familyData.portfolio'))}</a></p>`
    : `<p class="muted">${escapeHtml(t('familyData.noPortfolio'))}</p>`;
  return `<article><h3>${escapeHtml(`${child.givenName} ${child.familyName}`)}</h3>${portfolio}<h3>${escapeHtml(t('familyData.imageRightsInForce'))}</h3>${list(rights.map(escapeHtml), t)}<h3>${escapeHtml(t('familyData.consents'))}</h3>${list(consents, t)}<h3>${escapeHtml(t('familyData.accesses'))}</h3>${list(accesses, t)}</article>`;
}

function renderMessage(message: ExportedMessage, language: UiLanguage, t: Translate): string {
  const when = (value: string) => escapeHtml(formatInstant(value, language));
  const from = message.sentByYou ? t('familyData.sentByYou') : t('familyData.receivedFrom', { name: message.senderName });
  const body = message.body === null ? `<p class="muted">${escapeHtml(t('familyData.recalled'))}</p>` : `<p class="body">${escapeHtml(message.body)}</p>`;
  const files = message.attachments.map((file) => `<a href="${escapeHtml(file.path)}">${escapeHtml(file.fileName)}</a>`);
  const receipt = message.receipt;
  const facts = [
    receipt?.readAt ? t('familyData.read', { date: formatInstant(receipt.readAt, language) }) : null,
    receipt?.acknowledgedAt ? t('familyData.acknowledged', { date: formatInstant(receipt.acknowledgedAt, language) }) : null,
    receipt?.answer && receipt.answeredAt ? t('familyData.answered', { answer: receipt.answer, date: formatInstant(receipt.answeredAt, language) }) : null,
  ].filter((fact): fact is string => fact !== null);
  return `<article><h3>${escapeHtml(message.subject ?? from)}</h3><p class="muted">${escapeHtml(from)} · <time datetime="${message.sentAt}">${when(message.sentAt)}</time></p>${body}${files.length > 0 ? list(files, t) : ''}${facts.map((fact) => `<p class="muted">${escapeHtml(fact)}</p>`).join('')}</article>`;
}

/**
 * The archive's `index.html`: the same data as `family-data.json`, on one self-contained page
 * readable from disk (inline style, files by relative path, a policy forbidding anything else), in
 * the requester's language (French when the page's is not one the module speaks).
 */
export function renderFamilyIndex(data: FamilyData, pageLanguage: string | undefined): string {
  const language: UiLanguage = isUiLanguage(pageLanguage) ? pageLanguage : 'fr';
  const t = wordsIn(language);
  const name = `${data.person.givenName} ${data.person.familyName}`;
  const title = t('familyData.title', { name });
  const profile = [
    `${escapeHtml(t('familyData.name'))} : ${escapeHtml(name)}`,
    ...(data.person.email ? [`${escapeHtml(t('familyData.email'))} : <bdi>${escapeHtml(data.person.email)}</bdi>`] : []),
    ...(data.person.phone ? [`${escapeHtml(t('familyData.phone'))} : <bdi>${escapeHtml(data.person.phone)}</bdi>`] : []),
    ...data.schools.map((school) => `${escapeHtml(t('familyData.school'))} : ${escapeHtml(school.name)}`),
  ];
  const links = data.guardianships.map(
    (link) =>
      `${escapeHtml(link.childName)} — ${escapeHtml(t(`status.${link.status}`))} · ${escapeHtml(t('familyData.from', { date: formatInstant(link.effectiveFrom, language) }))}${link.effectiveTo ? ` · ${escapeHtml(t('familyData.until', { date: formatInstant(link.effectiveTo, language) }))}` : ''}`,
  );
  return `<!doctype html>
<html lang="${language}" dir="${textDirection(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(t('familyData.exported', { date: formatInstant(data.exportedAt, language) }))}</p><p class="muted">${escapeHtml(t('familyData.note'))}</p></header>
<section><h2>${escapeHtml(t('familyData.profile'))}</h2>${list(profile, t)}</section>
<section><h2>${escapeHtml(t('familyData.guardianships'))}</h2>${list(links, t)}</section>
<section><h2>${escapeHtml(t('familyData.children'))}</h2>${data.children.length === 0 ? `<p class="muted">${escapeHtml(t('familyData.none'))}</p>` : data.children.map((child) => renderChild(child, language, t)).join('')}</section>
<section><h2>${escapeHtml(t('familyData.messages'))}</h2>${data.messages.length === 0 ? `<p class="muted">${escapeHtml(t('familyData.none'))}</p>` : data.messages.map((message) => renderMessage(message, language, t)).join('')}</section>
<section><h2>${escapeHtml(t('familyData.responses'))}</h2>${list(data.portfolioResponses.map((response) => `${escapeHtml(formatInstant(response.at, language))} — ${escapeHtml(response.body ?? response.reaction ?? '')}`), t)}</section>
</main>
</body>
</html>
`;
}
