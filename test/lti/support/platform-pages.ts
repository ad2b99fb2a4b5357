/*
 * The simulated ENT's own pages, for the browser tests: a course page framing the tool (and
 * answering the LTI platform-storage messages), an admin page running dynamic registration, and
 * the page the deep-linking answer lands on. The simulator is not e-carnet: inline scripts are
 * fine here, it sends no CSP.
 */

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

/** The platform's storage, kept by the course page itself (`lti_storage_target=_parent`). */
const STORAGE_SCRIPT = `
const store = new Map();
window.addEventListener('message', (event) => {
  const data = event.data || {};
  const reply = (extra) => event.source.postMessage({ subject: data.subject + '.response', message_id: data.message_id, ...extra }, event.origin);
  const key = event.origin + ' ' + data.key;
  if (data.subject === 'lti.capabilities') reply({ supported_messages: [{ subject: 'lti.put_data' }, { subject: 'lti.get_data' }] });
  if (data.subject === 'lti.put_data') { store.set(key, data.value); reply({ key: data.key, value: data.value }); }
  if (data.subject === 'lti.get_data') {
    if (store.has(key)) reply({ key: data.key, value: store.get(key) });
    else reply({ key: data.key, error: { code: 'not_found', message: 'no such key' } });
  }
});`;

/** A course page of the ENT with the tool in an iframe, launched through login initiation. */
export function coursePage(title: string, loginUrl: string, storage: boolean): string {
  return page(
    title,
    `<iframe name="tool" title="e-carnet" src="${escape(loginUrl)}" width="1000" height="800"></iframe>` +
      (storage ? `<script>${STORAGE_SCRIPT}</script>` : ''),
  );
}

/** The admin page of the ENT that opens a tool's registration URL and waits for it to close. */
export function registrationPage(registrationUrl: string): string {
  return page(
    'Ajouter un outil LTI',
    `<p id="status">Inscription en cours…</p>
     <iframe id="tool" title="inscription" src="${escape(registrationUrl)}" width="900" height="600"></iframe>
     <script>
       window.addEventListener('message', (event) => {
         if (event.data && event.data.subject === 'org.imsglobal.lti.close') {
           document.getElementById('status').textContent = 'Outil inscrit';
           document.getElementById('tool').remove();
         }
       });
     </script>`,
  );
}

/** What the ENT shows after a deep-linking answer: the items it placed. */
export function placedPage(titles: readonly string[]): string {
  return page('Contenu ajouté', `<ul id="placed">${titles.map((title) => `<li>${escape(title)}</li>`).join('')}</ul>`);
}

/** An auto-posting form: the platform's authentication response (form_post). */
export function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  return page('Connexion', `<form method="post" action="${escape(action)}">${inputs}<button type="submit">Continuer</button></form><script>document.forms[0].submit()</script>`);
}

/**
 * A page that frames the tool but is not the platform (another origin), answering the storage
 * capabilities request with a frame of its choosing: a frame of the platform's origin that reports
 * any `lti.put_data` it receives. The tool must not believe this answer.
 */
export function foreignCapabilitiesPage(loginUrl: string, platformOrigin: string): string {
  return page(
    'Page tierce',
    `<iframe name="sneaky" id="sneaky" title="cadre" src="${escape(platformOrigin)}/sneaky"></iframe>
     <script>
       window.addEventListener('message', (event) => {
         const data = event.data || {};
         if (data.subject === 'lti.capabilities') {
           event.source.postMessage({ subject: 'lti.capabilities.response', message_id: data.message_id, supported_messages: [{ subject: 'lti.put_data', frame: 'sneaky' }, { subject: 'lti.get_data', frame: 'sneaky' }] }, event.origin);
         }
       });
       document.getElementById('sneaky').addEventListener('load', () => {
         const tool = document.createElement('iframe');
         tool.name = 'tool';
         tool.title = 'e-carnet';
         tool.src = ${JSON.stringify(loginUrl)};
         document.body.appendChild(tool);
       });
     </script>`,
  );
}

/** The platform-origin frame of `foreignCapabilitiesPage`: it reports every storage message it gets. */
export function sneakyFramePage(): string {
  return page(
    'Cadre',
    `<script>
       window.addEventListener('message', (event) => {
         if (event.data && event.data.subject === 'lti.put_data') fetch('/sneaky-seen', { method: 'POST' });
       });
     </script>`,
  );
}
