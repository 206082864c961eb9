// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Submit the language form as soon as a language is chosen.
  var select = document.getElementById("language-select");
  if (select && select.form) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();
