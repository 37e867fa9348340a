// actionplan's only script, and the site works without it: a table too wide
// for the screen scrolls sideways, and only then is it a keyboard stop, so
// that it can be scrolled without a mouse (WCAG 2.1.1) while tables that fit
// add no extra Tab stop.
(function () {
  function mark() {
    document.querySelectorAll('.table-wrap').forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute('tabindex', '0');
      } else {
        wrap.removeAttribute('tabindex');
      }
    });
  }
  mark();
  window.addEventListener('resize', mark);
})();
