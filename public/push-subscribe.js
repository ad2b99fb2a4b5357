/* global window, document, navigator, Notification, atob */
// "Notifications on this device" on the preferences page: registers e-carnet's service worker,
// asks the browser for a push subscription with the server's VAPID key, and gives it to the
// server. Every outcome is said in the page's language (strings come from data attributes).
(function () {
  const button = document.getElementById('push-enable');
  const status = document.getElementById('push-status');
  if (!button || !status) return;
  const say = (key) => {
    status.textContent = button.dataset[key] || '';
  };

  function keyBytes(base64url) {
    const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  }

  button.addEventListener('click', async () => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return say('unavailable');
    button.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return say('denied');
      // The app's one worker (app-shell.js registers the same script): two scripts for one scope would replace each other.
      const registration = await navigator.serviceWorker.register(`${document.body.dataset.base || ''}/service-worker.js`, { scope: button.dataset.scope });
      await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(button.dataset.key) }));
      const { endpoint, keys } = subscription.toJSON();
      const response = await fetch(button.dataset.api, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': button.dataset.csrf },
        body: JSON.stringify({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } }),
      });
      say(response.ok ? 'on' : 'failed');
    } catch {
      // No push service reachable (a browser without one, a network that blocks it).
      say('unavailable');
    } finally {
      button.disabled = false;
    }
  });
})();
