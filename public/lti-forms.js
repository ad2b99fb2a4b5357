/* global window, document */
// Pages of the LTI tool that act on their own: the deep-linking answer posts itself to the
// platform, and the end of dynamic registration tells the platform to close its frame.
(function () {
  'use strict';
  var form = document.querySelector('form[data-autosubmit]');
  if (form) form.submit();

  if (document.querySelector('[data-lti-close]')) {
    var platform = window.opener || window.parent;
    // The registration spec asks for '*': the tool does not know which origin framed it.
    if (platform && platform !== window) platform.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
  }
})();
