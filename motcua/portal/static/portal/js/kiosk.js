// The desk's touch screen: after a minute without a touch or a key, go back to the empty lookup so
// the next person does not see the last one's dossier. A file of this site (the CSP allows no inline
// script); the page still works without it, only without the reset.
(function () {
  "use strict";
  var IDLE_MS = 60000;
  var form = document.querySelector("[data-kiosk-home]");
  var home = form ? form.getAttribute("data-kiosk-home") : "/kiosk/";
  var timer = null;
  function reset() {
    if (window.location.pathname + window.location.search === home) {
      var input = document.getElementById("kiosk-code");
      if (input) { input.value = ""; }
      return;
    }
    window.location.assign(home);
  }
  function touched() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(reset, IDLE_MS);
  }
  ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, touched, { passive: true });
  });
  touched();
})();
