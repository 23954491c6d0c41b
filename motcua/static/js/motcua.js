// The language selector submits itself on change (an inline onchange= would break the CSP: scripts
// only from files of this site). Without JavaScript, the form's own button does it.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("lang-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
});
