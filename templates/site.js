// actionplan's only script, and the site works without it: every table
// region is written as a keyboard stop, so that a table too wide for the
// screen can be scrolled sideways without a mouse (WCAG 2.1.1); this takes
// the stop away from the regions that fit, so they add no extra Tab stop.
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
