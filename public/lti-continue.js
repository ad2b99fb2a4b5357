/* global window, document, setTimeout, clearTimeout */
// Continuing a launch in a new window (the ENT frame keeps no cookie). The frame's page holds the
// second half of a one-time code and gives it only to the window it opened, when that window asks
// (same origin both ways); the window's page puts it in its form and posts it. A link opened in
// any other way has no opener to ask, and says so: it cannot sign anyone in.
(function () {
  'use strict';
  var origin = window.location.origin;
  var READY = 'ecarnet.handoff.ready';
  var SECRET = 'ecarnet.handoff.secret';

  // In the frame: answer our own window's request for the half we hold.
  var holder = document.querySelector('[data-handoff-secret]');
  if (holder) {
    window.addEventListener('message', function (event) {
      var data = event.data;
      if (event.origin !== origin || !event.source || !data || data.subject !== READY) return;
      if (data.code !== holder.dataset.handoffCode) return;
      event.source.postMessage({ subject: SECRET, code: data.code, secret: holder.dataset.handoffSecret }, origin);
    });
  }

  // In the new window: ask the frame that opened it, then post.
  var form = document.querySelector('form[data-handoff-form]');
  if (!form) return;
  var opener = window.opener;
  var timer;
  function fail() {
    clearTimeout(timer);
    var failed = document.querySelector('[data-handoff-failed]');
    var waiting = document.querySelector('[data-handoff-waiting]');
    if (failed) failed.hidden = false;
    if (waiting) waiting.hidden = true;
  }
  if (!opener || opener === window) {
    fail();
    return;
  }
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== origin || event.source !== opener || !data || data.subject !== SECRET) return;
    if (data.code !== form.elements.code.value || typeof data.secret !== 'string' || data.secret === '') return;
    clearTimeout(timer);
    form.elements.secret.value = data.secret;
    form.submit();
  });
  timer = setTimeout(fail, 5000);
  try {
    opener.postMessage({ subject: READY, code: form.elements.code.value }, origin);
  } catch {
    fail();
  }
})();
