/* global window, document, HTMLElement */
// "Show my parents": the arrow keys turn the pages as the previous / next links do. In a
// right-to-left page the next page is to the left. Keys typed in a field, or with a modifier,
// are left alone.
(() => {
  const slides = document.querySelector('.presentation');
  if (!slides) return;
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, video, audio')) return;
    const rtl = document.documentElement.dir === 'rtl';
    const forward = event.key === (rtl ? 'ArrowLeft' : 'ArrowRight');
    const back = event.key === (rtl ? 'ArrowRight' : 'ArrowLeft');
    const target = forward ? slides.dataset.next : back ? slides.dataset.previous : '';
    if (!target) return;
    event.preventDefault();
    window.location.assign(target);
  });
})();
