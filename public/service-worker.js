/* global self, caches, Headers, Request, Response, BUILD */
// e-carnet's one service worker. The server prepends BUILD ({ version, languages }: src/pwa/worker-script.ts).
//
// - Offline reading: the shell (stylesheets, icons, the offline page in each language) is
//   precached; the pages a person opened (home, timeline, entries, messages, threads) and their
//   photos' thumbnail and screen renditions are kept, network first, in a cache of that person
//   alone. Offline, a kept page is shown with a banner saying when it was saved; anything else
//   gets the offline page.
// - Nobody else's data: every response of a signed-in person names them (X-Ecarnet-Person, a
//   hash). A page for someone else, a page for nobody (signed out), a 401, or the page's word at
//   sign-out empties the kept pages before anything else is kept.
// - Updates: the shell cache carries the version; a new version waits until no page uses the
//   old one (nothing is swapped under an open page), then deletes the old caches. An open page
//   offers "a new version is available — reload" (public/app-shell.js); when the person chooses
//   it, the page asks the waiting version to take over now ('skipWaiting') and reloads itself.
// - Notifications: shows what the server pushes (src/notify/channels/web-push.ts sends
//   { id, title, body, url }) and opens the message when one is tapped.

const SCOPE = new URL(self.registration.scope);
const SHELL_CACHE = `ecarnet-shell-${BUILD.version}`;
/** The layout of kept pages; raised when what is kept changes shape, so older copies are dropped. */
const KEPT_FORMAT = 1;
const PERSON_PREFIX = `ecarnet-person-${KEPT_FORMAT}-`;
const META_CACHE = 'ecarnet-meta';
const META_URL = new URL('__ecarnet/device', SCOPE).href;
const PERSON_HEADER = 'X-Ecarnet-Person';
const SAVED_AT_HEADER = 'X-Ecarnet-Saved-At';

const SHELL = [
  'static/app.css',
  'static/messaging.css',
  'static/app-shell.js',
  'static/icon.svg',
  'static/icons/icon-192.png',
  'static/icons/icon-512.png',
  'static/icons/icon-maskable-512.png',
  ...BUILD.languages.map((language) => `offline/${language}`),
].map((path) => new URL(path, SCOPE).href);

/** Pages kept for offline reading, as paths under the scope: what a family reads again. */
const KEPT_PAGES = [/^home$/, /^children\/[^/]+\/portfolio$/, /^portfolio\/entries\/[^/]+$/, /^messages$/, /^messages\/(?!new$|preferences$)[^/]+$/];
/** Images kept with them: thumbnails and screen renditions (never originals or videos' bytes). */
const KEPT_MEDIA = [/^media\/[^/]+\/(thumbnail|screen)$/, /^messages\/[^/]+\/files\/[^/]+\/(thumbnail|screen)$/];

const personCache = (key) => `${PERSON_PREFIX}${key}`;

/** What this device last knew: whose pages are kept, and in which language to say "offline". */
async function readDevice() {
  const response = await (await caches.open(META_CACHE)).match(META_URL);
  return response ? response.json() : { person: null, language: null };
}

async function writeDevice(device) {
  await (await caches.open(META_CACHE)).put(META_URL, new Response(JSON.stringify(device), { headers: { 'Content-Type': 'application/json' } }));
}

/** Deletes every person's kept pages, except `keep`'s. */
async function dropPeople(keep) {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith('ecarnet-person-') && name !== (keep && personCache(keep))).map((name) => caches.delete(name)));
}

/** Forgets everyone: after sign-out, a 401, or when the page asks. */
async function forget() {
  await dropPeople(null);
  const device = await readDevice();
  await writeDevice({ ...device, person: null });
}

/**
 * Learns from a response whose it is. Returns the person the response may be kept for, or null.
 * A redirect says nothing (the page it leads to will).
 */
async function learn(response) {
  if (response.type === 'opaqueredirect') return null;
  if (response.status === 401) {
    await forget();
    return null;
  }
  const person = response.headers.get(PERSON_HEADER);
  const device = await readDevice();
  const language = response.headers.get('Content-Language') || device.language;
  if (person !== device.person) await dropPeople(person);
  if (person !== device.person || language !== device.language) await writeDevice({ person, language });
  return person;
}

const pathUnderScope = (url) => url.pathname.slice(SCOPE.pathname.length);
const matches = (patterns, path) => patterns.some((pattern) => pattern.test(path));

/** A copy of the response stamped with the time it was saved, for the offline banner. */
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT_HEADER, new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

async function keep(person, request, response) {
  if (!person || response.status !== 200) return;
  await (await caches.open(personCache(person))).put(request, await stamped(response));
}

/** The kept copy of a page, if the person this device last saw kept one. */
async function keptCopy(request) {
  const { person } = await readDevice();
  if (!person || !(await caches.has(personCache(person)))) return undefined;
  return (await caches.open(personCache(person))).match(request, { ignoreVary: true });
}

/** A kept page, its <body> element marked with when it was saved (app-shell.js shows the banner). */
async function offlineCopy(kept) {
  const savedAt = kept.headers.get(SAVED_AT_HEADER) || '';
  const html = (await kept.text()).replace('<body ', `<body data-offline-saved-at="${savedAt.replace(/[^0-9TZ:.-]/g, '')}" `);
  const headers = new Headers(kept.headers);
  headers.delete('Content-Length');
  headers.delete('Content-Encoding');
  return new Response(html, { status: 200, headers });
}

async function offlinePage() {
  const { language } = await readDevice();
  const chosen = BUILD.languages.includes(language) ? language : BUILD.languages[0];
  const page = await caches.match(new URL(`offline/${chosen}`, SCOPE).href, { cacheName: SHELL_CACHE });
  return page || new Response('', { status: 503 });
}

async function navigate(event, path) {
  let response;
  try {
    response = await fetch(event.request);
  } catch {
    const kept = await keptCopy(event.request);
    return kept ? offlineCopy(kept) : offlinePage();
  }
  // The server unreachable behind its proxy is offline too, for a page already read.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    const kept = await keptCopy(event.request);
    if (kept) return offlineCopy(kept);
  }
  event.waitUntil(precacheAgainIfGone());
  const person = await learn(response);
  const html = (response.headers.get('Content-Type') || '').startsWith('text/html');
  if (html && matches(KEPT_PAGES, path)) await keep(person, event.request, response.clone());
  return response;
}

async function image(event) {
  let response;
  try {
    response = await fetch(event.request);
  } catch {
    return (await keptCopy(event.request)) || Response.error();
  }
  if (response.status === 401) await forget();
  const person = response.headers.get(PERSON_HEADER);
  const { person: current } = await readDevice();
  // An image is kept only for the person whose pages are kept: it never switches whose they are.
  if (person && person === current && (response.headers.get('Content-Type') || '').startsWith('image/')) await keep(person, event.request, response.clone());
  return response;
}

async function shell(event) {
  try {
    return await fetch(event.request);
  } catch {
    return (await caches.match(event.request, { cacheName: SHELL_CACHE })) || Response.error();
  }
}

async function precache() {
  const cache = await caches.open(SHELL_CACHE);
  await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload', credentials: 'omit' })));
}

/** The shell again if it went (Clear-Site-Data at sign-out empties every cache but may leave this worker running). */
async function precacheAgainIfGone() {
  if (!(await caches.has(SHELL_CACHE))) await precache().catch(() => undefined);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const { person } = await readDevice();
      const names = await caches.keys();
      const stale = (name) =>
        (name.startsWith('ecarnet-shell-') && name !== SHELL_CACHE) || (name.startsWith('ecarnet-person-') && name !== (person && personCache(person)));
      await Promise.all(names.filter(stale).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const path = pathUnderScope(url);
  if (request.mode === 'navigate') event.respondWith(navigate(event, path));
  else if (SHELL.includes(url.href)) event.respondWith(shell(event));
  else if (matches(KEPT_MEDIA, path)) event.respondWith(image(event));
});

// From app-shell.js: the person signs out (before the sign-out response says it too), or a page
// under the scope loaded while no worker was active asks to be taken in charge now.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'forget') event.waitUntil(forget());
  if (event.data && event.data.type === 'claim') event.waitUntil(self.clients.claim());
  // The person chose to reload into this waiting version (never asked of an active one).
  if (event.data && event.data.type === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'e-carnet', {
      body: data.body || '',
      // The same notification retried replaces itself rather than piling up.
      tag: data.id || undefined,
      data: { url: data.url || null },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  if (url) event.waitUntil(self.clients.openWindow(url));
});
