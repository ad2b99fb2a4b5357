/* global window, document, navigator, localStorage, crypto, location, FormData */
// The installable app's page side: registers the service worker (public/service-worker.js), shows
// the "offline — last updated at …" banner on a page the worker served from the device, tells the
// worker to forget at sign-out, and keeps a reply or a message typed offline as a draft on the device, keyed to
// the signed-in person, offered to send when the network is back (once: an Idempotency-Key).
// Every string comes from the layout, in the page's language.
(function () {
  const root = document.body;
  const base = root.dataset.base || '';
  const person = root.dataset.deviceKey || null;
  const language = document.documentElement.lang;

  if ('serviceWorker' in navigator) {
    // A browser without a secure context or with service workers disabled simply reads online.
    navigator.serviceWorker
      .register(`${base}/service-worker.js`, { scope: `${base}/` })
      .then((registration) => {
        // A worker already active that does not control this page (its registration was being
        // removed at sign-out when the page loaded) takes it now, so that it is kept for offline.
        if (!navigator.serviceWorker.controller && registration.active) registration.active.postMessage({ type: 'claim' });
        offerUpdates(registration);
      })
      .catch(() => undefined);
  }

  // --- A new version of the app: offered, never imposed. The page reloads only when the person
  // chooses to, after the waiting version took over; until then the open page stays as it is.
  function offerUpdates(registration) {
    const prompt = document.getElementById('update-prompt');
    // The first install (no controller yet) is not an update: nothing to offer.
    if (!prompt || !navigator.serviceWorker.controller) return;
    let chosen = false;
    const offer = () => {
      if (!registration.waiting) return;
      prompt.setAttribute('role', 'status');
      prompt.hidden = false;
    };
    prompt.querySelector('button').addEventListener('click', () => {
      if (!registration.waiting) return;
      chosen = true;
      registration.waiting.postMessage({ type: 'skipWaiting' });
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      // Another tab's choice changes this page's worker too, without reloading it.
      if (chosen) window.location.reload();
      else prompt.hidden = true;
    });
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      if (installing) installing.addEventListener('statechange', () => installing.state === 'installed' && offer());
    });
    offer();
  }

  const forget = () => {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: 'forget' });
  };
  for (const form of document.querySelectorAll('form.sign-out')) form.addEventListener('submit', forget);

  // --- The offline banner
  const banner = document.getElementById('offline-banner');
  const loadedAt = new Date().toISOString();
  function showBanner(savedAt) {
    if (!banner) return;
    const when = new Date(savedAt);
    const today = when.toDateString() === new Date().toDateString();
    const format = new Intl.DateTimeFormat(language, today ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
    // A live region only once there is something to say: pages keep their own status line the only one until then.
    banner.setAttribute('role', 'status');
    banner.textContent = ((today ? banner.dataset.today : banner.dataset.otherDay) || '').replace('{time}', format.format(when));
    banner.hidden = false;
  }
  if (root.dataset.offlineSavedAt) showBanner(root.dataset.offlineSavedAt);
  else if (!navigator.onLine) showBanner(loadedAt);
  window.addEventListener('offline', () => showBanner(root.dataset.offlineSavedAt || loadedAt));
  window.addEventListener('online', () => {
    // A page served from the device stays as old as it was: its banner stays until it is reloaded.
    if (banner && !root.dataset.offlineSavedAt) banner.hidden = true;
  });

  // --- Replies typed offline
  const panel = document.getElementById('offline-drafts');
  if (!person || !panel) return;
  const draftsKey = `ecarnet-drafts-${person}`;
  const status = panel.querySelector('.offline-drafts-status');
  const readDrafts = () => {
    try {
      const drafts = JSON.parse(localStorage.getItem(draftsKey) || '[]');
      return Array.isArray(drafts) ? drafts : [];
    } catch {
      return [];
    }
  };
  const writeDrafts = (drafts) => (drafts.length > 0 ? localStorage.setItem(draftsKey, JSON.stringify(drafts)) : localStorage.removeItem(draftsKey));
  const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const csrfToken = () => {
    const field = document.querySelector('form.sign-out input[name="_csrf"]');
    return field ? field.value : '';
  };
  const say = (text) => {
    status.setAttribute('role', 'status');
    status.textContent = text;
    panel.hidden = readDrafts().length === 0 && text === '';
  };

  function render() {
    const drafts = readDrafts();
    const list = panel.querySelector('ul');
    list.replaceChildren(
      ...drafts.map((draft) => {
        const item = document.createElement('li');
        const text = document.createElement('p');
        text.textContent = draft.body;
        const send = document.createElement('button');
        send.type = 'button';
        send.textContent = panel.dataset.send;
        send.disabled = !navigator.onLine;
        send.addEventListener('click', () => sendDraft(draft, send));
        const discard = document.createElement('button');
        discard.type = 'button';
        discard.className = 'link-button';
        discard.textContent = panel.dataset.discard;
        discard.addEventListener('click', () => {
          writeDrafts(readDrafts().filter((other) => other.key !== draft.key));
          render();
        });
        item.append(text, send, ' ', discard);
        return item;
      }),
    );
    panel.hidden = drafts.length === 0 && status.textContent === '';
  }

  // The same key on every attempt: what reached the server before the network dropped is not stored twice.
  function sendReplyDraft(draft) {
    return fetch(`${base}/api/v1/messages/${encodeURIComponent(draft.messageId)}/replies`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': draft.key, 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify({ body: draft.body }),
    });
  }

  // A new message goes through the compose form's own route, its key among its fields; the token comes first.
  function sendMessageDraft(draft) {
    const form = new FormData();
    form.append('_csrf', csrfToken());
    for (const [name, value] of draft.fields) if (name !== '_csrf') form.append(name, value);
    return fetch(`${base}/messages`, { method: 'POST', credentials: 'same-origin', body: form });
  }

  async function sendDraft(draft, button) {
    button.disabled = true;
    let response;
    try {
      response = draft.fields ? await sendMessageDraft(draft) : await sendReplyDraft(draft);
    } catch {
      button.disabled = false;
      return say(panel.dataset.failed);
    }
    if (response.ok) {
      writeDrafts(readDrafts().filter((other) => other.key !== draft.key));
      say(panel.dataset.sent);
      render();
      // A new message opens its thread; a reply shows on the thread it was typed on.
      if (draft.fields && response.redirected) location.assign(response.url);
      else if (location.pathname === draft.page) location.reload();
      return undefined;
    }
    button.disabled = false;
    if (response.status === 401) {
      forget();
      return say(panel.dataset.signedOut);
    }
    return say(panel.dataset.failed);
  }

  const replyForm = document.querySelector('form[action$="/replies"]');
  if (replyForm) {
    replyForm.addEventListener('submit', (event) => {
      if (navigator.onLine) return;
      const field = replyForm.elements.namedItem('body');
      const found = /\/messages\/([^/]+)\/replies$/.exec(new URL(replyForm.action).pathname);
      if (!field || !found || field.value.trim() === '') return;
      event.preventDefault();
      writeDrafts([...readDrafts(), { key: newKey(), messageId: found[1], body: field.value, page: location.pathname }]);
      field.value = '';
      render();
      say(panel.dataset.kept);
      panel.scrollIntoView({ block: 'nearest' });
    });
  }
  // A new message typed offline: its words and choices are kept (files cannot be), under the form's own key.
  const composeForm = document.querySelector('form.compose');
  if (composeForm) {
    composeForm.addEventListener('submit', (event) => {
      if (navigator.onLine) return;
      const body = composeForm.elements.namedItem('body');
      if (!body || body.value.trim() === '') return;
      event.preventDefault();
      const fields = [...new FormData(composeForm)].filter(([, value]) => typeof value === 'string');
      const key = fields.find(([name]) => name === 'idempotencyKey');
      writeDrafts([...readDrafts(), { key: key ? key[1] : newKey(), fields, body: body.value, page: location.pathname }]);
      render();
      say(panel.dataset.kept);
      panel.scrollIntoView({ block: 'nearest' });
    });
  }
  window.addEventListener('online', render);
  window.addEventListener('offline', render);
  render();
})();
