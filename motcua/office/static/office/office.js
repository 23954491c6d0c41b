// Officers' workspace: after htmx swaps in an answer, move focus to its message so screen-reader
// users hear the outcome; error answers (422) are swapped in too, they carry the inline errors.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422) { event.detail.shouldSwap = true; event.detail.isError = false; }
});
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail.target && event.detail.target.querySelector ? event.detail.target : document;
  var focus = document.querySelector("#dossier-body [data-focus]") || target.querySelector("[data-focus]");
  if (focus && event.detail.requestConfig && event.detail.requestConfig.verb === "post") { focus.focus(); }
});
document.addEventListener("DOMContentLoaded", function () {
  var focus = document.querySelector("form.intake [data-focus]");
  if (focus) { focus.focus(); }
});
