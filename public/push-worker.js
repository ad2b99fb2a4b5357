/* global self */
// e-carnet's service worker: shows the notifications the server pushes (src/notify/channels/web-push.ts
// sends { id, title, body, url }) and opens the message when one is tapped. It caches nothing.
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
