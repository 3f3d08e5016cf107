// Liaison: live request clocks. Each <time class="clock" datetime="…">
// counts down every second; the server-rendered text stands without
// JavaScript. Texts come from the element's data-left, data-overdue and
// data-days attributes, translated by the server.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function span(el, secs) {
    var d = Math.floor(secs / 86400), s = secs % 86400;
    var hms = pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s % 3600 / 60)) + ":" + pad(s % 60);
    if (d > 0) {
      return (el.dataset.days || "{0} d {1}").replace("{0}", String(d)).replace("{1}", hms);
    }
    return hms;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time.clock:not(.stopped)").forEach(function (el) {
      var due = Date.parse(el.getAttribute("datetime"));
      if (isNaN(due)) { return; }
      var secs = Math.floor((due - now) / 1000);
      if (secs < 0) {
        el.textContent = (el.dataset.overdue || "-{0}").replace("{0}", span(el, -secs));
        el.classList.add("overdue");
      } else {
        el.textContent = (el.dataset.left || "{0}").replace("{0}", span(el, secs));
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick();
    window.setInterval(tick, 1000);
  });
})();
