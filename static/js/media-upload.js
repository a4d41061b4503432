// The admin's "Upload several" page (evidence/media/admin.py): a drop zone for the file input, and one row per
// chosen file asking for its alt text or the decorative tick. No inline script: the CSP allows only our files.
(function () {
  "use strict";

  function rowFor(file, index) {
    var row = document.createElement("tr");
    var name = document.createElement("td");
    name.textContent = file.name;
    var alt = document.createElement("td");
    var altInput = document.createElement("input");
    altInput.type = "text";
    altInput.name = "alt_text";
    altInput.maxLength = 300;
    altInput.setAttribute("aria-label", "Alt text for " + file.name);
    alt.appendChild(altInput);
    var decorative = document.createElement("td");
    var tick = document.createElement("input");
    tick.type = "checkbox";
    tick.name = "decorative";
    tick.value = String(index);
    tick.setAttribute("aria-label", file.name + " is decorative");
    tick.addEventListener("change", function () {
      altInput.disabled = tick.checked;
      if (tick.checked) { altInput.value = ""; }
    });
    decorative.appendChild(tick);
    row.append(name, alt, decorative);
    return row;
  }

  function showRows(form, input) {
    var table = form.querySelector("[data-rows]");
    var body = table.querySelector("tbody");
    body.replaceChildren();
    Array.prototype.forEach.call(input.files, function (file, index) {
      body.appendChild(rowFor(file, index));
    });
    table.hidden = input.files.length === 0;
  }

  function setUp(form) {
    var zone = form.querySelector("[data-drop-zone]");
    var input = zone.querySelector("input[type=file]");
    input.addEventListener("change", function () { showRows(form, input); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showRows(form, input);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-figure-upload]").forEach(setUp);
  });
})();
