/* global window, document, Audio */
// The "Listen" buttons (views/partials/listen-button.hbs): a text is read aloud in the language it
// is shown in. The device's own voice (Web Speech API) when it has one for that language; else, and
// on devices without voices, the audio the server renders for the same text, which the server
// rebuilds itself from what the listener may read. The button's `data-listen-state` says where a
// reading is (preparing, playing, ended, failed) and `data-listen-via` which voice it uses.
(function () {
  const synth = window.speechSynthesis;
  let current = null;

  const baseOf = (tag) => String(tag || '').toLowerCase().replace('_', '-').split('-')[0];
  const deviceVoice = (language) => {
    if (!synth || typeof synth.getVoices !== 'function') return null;
    const voices = synth.getVoices();
    return voices.find((voice) => voice.lang.toLowerCase() === language.toLowerCase()) || voices.find((voice) => baseOf(voice.lang) === baseOf(language)) || null;
  };
  const textOf = (button) =>
    button.dataset.listenTargets
      .split(' ')
      .map((id) => document.getElementById(id))
      .filter(Boolean)
      .map((element) => element.innerText.trim())
      .filter(Boolean)
      .join('.\n');

  const show = (button, state, via) => {
    button.dataset.listenState = state;
    if (via) button.dataset.listenVia = via;
    const label = button.querySelector('.listen-label');
    const status = button.parentElement.querySelector('.listen-status');
    const playing = state === 'preparing' || state === 'playing';
    label.textContent = playing ? button.dataset.labelStop : button.dataset.labelListen;
    button.setAttribute('aria-pressed', playing ? 'true' : 'false');
    if (status) status.textContent = state === 'preparing' ? button.dataset.labelPreparing : state === 'failed' ? button.dataset.labelFailed : '';
  };

  const stop = () => {
    if (!current) return;
    const { button, halt } = current;
    current = null;
    halt();
    show(button, 'ended');
  };

  const withDevice = (button, voice) => {
    const utterance = new window.SpeechSynthesisUtterance(textOf(button));
    utterance.voice = voice;
    utterance.lang = button.dataset.listenLang;
    utterance.onend = () => {
      if (current && current.button === button) current = null;
      show(button, 'ended');
    };
    utterance.onerror = () => {
      if (current && current.button === button) current = null;
      show(button, 'failed');
    };
    current = { button, halt: () => synth.cancel() };
    show(button, 'playing', 'device');
    synth.speak(utterance);
  };

  const withServer = (button) => {
    const audio = new Audio(button.dataset.listenAudio);
    current = { button, halt: () => audio.pause() };
    show(button, 'preparing', 'server');
    audio.addEventListener('playing', () => show(button, 'playing', 'server'));
    audio.addEventListener('ended', () => {
      if (current && current.button === button) current = null;
      show(button, 'ended');
    });
    audio.addEventListener('error', () => {
      if (current && current.button === button) current = null;
      show(button, 'failed');
    });
    audio.play().catch(() => {
      if (current && current.button === button) current = null;
      show(button, 'failed');
    });
  };

  document.addEventListener('click', (event) => {
    const button = event.target instanceof window.Element ? event.target.closest('button.listen') : null;
    if (!button) return;
    const again = current && current.button === button;
    stop();
    if (again) return;
    const voice = deviceVoice(button.dataset.listenLang);
    if (voice) withDevice(button, voice);
    else withServer(button);
  });

  for (const button of document.querySelectorAll('button.listen')) button.hidden = false;
  // Some browsers list their voices only after this event: nothing to do but let them load.
  if (synth && typeof synth.getVoices === 'function') synth.getVoices();
})();
