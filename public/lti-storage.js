/* global window, document, setTimeout, clearTimeout */
// LTI Client Side postMessages (platform storage). At login, puts the login's binding secret in
// the platform's storage, then goes on to the platform. At launch, when the frame brought back no
// cookie, reads the secret back and posts it (same origin) to finish the launch. Only answers
// from the platform's own origin are believed.
// https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
(function () {
  'use strict';
  var config = document.getElementById('lti-storage');
  if (!config) return;
  var data = config.dataset;
  var platformWindow = window.opener || window.parent;
  // As the 1EdTech reference library: a platform that answers, answers at once.
  var TIMEOUT_MS = 1500;

  function messageId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return 'ecarnet-' + Array.prototype.map.call(bytes, function (b) { return b.toString(16); }).join('');
  }

  // `origin` is where the message may go ('*' for the capabilities request, as the platform's
  // frame origin is not known yet); answers are believed only from the platform's own origin.
  function send(target, origin, message) {
    return new Promise(function (resolve, reject) {
      var id = messageId();
      var timer = setTimeout(function () { done(); reject(new Error('timeout')); }, TIMEOUT_MS);
      function done() { clearTimeout(timer); window.removeEventListener('message', listen); }
      function listen(event) {
        var answer = event.data;
        if (!answer || answer.message_id !== id || answer.subject !== message.subject + '.response') return;
        if (event.origin !== data.origin) return;
        done();
        if (answer.error) reject(new Error(String(answer.error.code || 'error')));
        else resolve(answer);
      }
      window.addEventListener('message', listen);
      message.message_id = id;
      target.postMessage(message, origin);
    });
  }

  function frameNamed(name) {
    try {
      if (name && name !== '_parent' && platformWindow.frames[name]) return platformWindow.frames[name];
    } catch {
      // A cross-origin frame list that cannot be read: fall back to the platform window.
    }
    return platformWindow;
  }

  // Where the platform keeps its storage: its capabilities answer says, else lti_storage_target.
  function storageFrame(subject) {
    return send(platformWindow, '*', { subject: 'lti.capabilities' })
      .then(function (capabilities) {
        var supported = (capabilities.supported_messages || []).filter(function (entry) { return entry.subject === subject; })[0];
        if (!supported) throw new Error('unsupported');
        return frameNamed(supported.frame || data.target);
      })
      .catch(function () { return frameNamed(data.target); });
  }

  if (!platformWindow || platformWindow === window) {
    if (data.mode === 'put') window.location.assign(data.next);
    else showFailure();
    return;
  }

  if (data.mode === 'put') {
    storageFrame('lti.put_data')
      .then(function (frame) { return send(frame, data.origin, { subject: 'lti.put_data', key: data.key, value: data.value }); })
      .catch(function () { /* the state cookie may still do */ })
      .then(function () { window.location.assign(data.next); });
  } else {
    storageFrame('lti.get_data')
      .then(function (frame) { return send(frame, data.origin, { subject: 'lti.get_data', key: data.key }); })
      .then(function (answer) {
        if (typeof answer.value !== 'string' || answer.value === '') throw new Error('missing');
        var form = document.getElementById(data.form);
        form.elements.storage_binding.value = answer.value;
        form.submit();
      })
      .catch(showFailure);
  }

  function showFailure() {
    var failed = document.getElementById(data.failed);
    if (failed) failed.hidden = false;
  }
})();
