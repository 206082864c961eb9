// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The header menu and the list page's filters are <details>, closed in the markup so that a phone
  // shows one line of header and the first results near the top, with or without JavaScript.
  // Wide screens show both open: CSS does it where it can (::details-content), this does it elsewhere.
  function openWhenWide(details) {
    if (!details || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: " + details.getAttribute("data-open-from") + ")");
    if (wide.matches) { details.open = true; }
    wide.addEventListener("change", function (event) { details.open = event.matches; });
  }
  openWhenWide(document.querySelector("details.site-menu"));
  openWhenWide(document.querySelector("details.filters-toggle"));

  // Request form: preview a chosen photo (read as a data: URL, which the CSP allows).
  function showPreview(input) {
    var slot = input.closest(".photo-slot") || input.parentNode;
    var old = slot.querySelector(".photo-preview");
    if (old) { old.parentNode.removeChild(old); }
    var file = input.files && input.files[0];
    if (!file || !/^image\/(jpeg|png|webp)$/.test(file.type) || !window.FileReader) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      var img = document.createElement("img");
      img.className = "photo-preview";
      img.alt = "";
      img.src = reader.result;
      input.insertAdjacentElement("afterend", img);
    };
    reader.readAsDataURL(file);
  }

  var fileInputs = document.querySelectorAll('.photo-slot input[type="file"]');
  Array.prototype.forEach.call(fileInputs, function (input) {
    input.addEventListener("change", function () { showPreview(input); });
  });

  // Request form: show one empty photo slot at a time, with a button for the next.
  var slotsBox = document.querySelector("[data-add-photo-label]");
  if (slotsBox) {
    var slots = Array.prototype.slice.call(slotsBox.querySelectorAll(".photo-slot"));
    var isUsed = function (slot) {
      if (slot.querySelector(".field-error")) { return true; }
      var used = false;
      Array.prototype.forEach.call(slot.querySelectorAll("input"), function (el) {
        if ((el.type === "file" && el.files && el.files.length) ||
            (el.type === "text" && el.value.trim())) { used = true; }
      });
      return used;
    };
    var firstHidden = function () {
      for (var i = 0; i < slots.length; i++) { if (slots[i].hidden) { return slots[i]; } }
      return null;
    };
    var shownEmpty = false;
    slots.forEach(function (slot) {
      if (isUsed(slot)) { return; }
      if (shownEmpty) { slot.hidden = true; } else { shownEmpty = true; }
    });
    if (firstHidden()) {
      var add = document.createElement("button");
      add.type = "button";
      add.className = "button button-secondary button-small add-photo";
      add.textContent = slotsBox.getAttribute("data-add-photo-label");
      slots[slots.length - 1].insertAdjacentElement("afterend", add);
      add.addEventListener("click", function () {
        var next = firstHidden();
        if (next) {
          next.hidden = false;
          var input = next.querySelector('input[type="file"]');
          if (input) { input.focus(); }
        }
        if (!firstHidden()) { add.hidden = true; }
      });
    }
  }

  // Request page: copy the page's address.
  var copy = document.querySelector(".copy-link");
  if (copy && navigator.clipboard && window.isSecureContext) {
    var label = copy.textContent;
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-url") || (window.location.origin + window.location.pathname)).then(function () {
        copy.textContent = copy.getAttribute("data-copied") || label;
        copy.setAttribute("data-state", "copied");
        window.setTimeout(function () {
          copy.textContent = label;
          copy.removeAttribute("data-state");
        }, 2500);
      });
    });
  }
})();
