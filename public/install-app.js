/* global window, document, navigator */
// Offers to add e-carnet to the phone's home screen: the browser's own prompt where it has one
// (Chrome, Edge, Samsung Internet), the Share-menu instructions on an iPhone, nothing once installed.
(() => {
  const section = document.querySelector('[data-install]');
  if (!section) return;
  const standalone = window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
  if (standalone) return;
  const button = section.querySelector('[data-install-button]');
  const ios = section.querySelector('[data-install-ios]');
  const done = section.querySelector('[data-install-done]');
  let deferred = null;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    deferred = event;
    section.hidden = false;
    button.hidden = false;
  });
  button.addEventListener('click', async () => {
    if (!deferred) return;
    deferred.prompt();
    const choice = await deferred.userChoice;
    deferred = null;
    button.hidden = true;
    if (choice.outcome === 'accepted') done.hidden = false;
  });
  window.addEventListener('appinstalled', () => {
    button.hidden = true;
    done.hidden = false;
  });
  if (/iphone|ipad|ipod/i.test(navigator.userAgent)) {
    section.hidden = false;
    ios.hidden = false;
  }
})();
