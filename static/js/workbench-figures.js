/* The figure chooser behind the editor's "Figure" button (evidence.media, docs/guide.md "Figures"): search the
   figure library (GET /admin/figures/chooser/?q=), see each figure's thumbnail and alt text, and click one to
   put its [[figure:ID]] marker on a line of its own. A link opens the upload page for figures not there yet.
   Loaded after workbench.js, which calls window.EvidenceFigurePicker.open(editor). Strict CSP: no inline code;
   the dialog reuses the citation picker's look (static/css/workbench.css, .workbench-picker). */
(function () {
  "use strict";

  const make = window.EvidenceWorkbench.make;
  const ask = window.EvidenceWorkbench.ask;

  const SEARCH_DELAY_MS = 200;
  const configElement = document.getElementById("workbench-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  if (!config.urls || !config.urls.figureChooser) return;

  // The marker shows a figure only alone in its paragraph (evidence/media/markers.py): blank lines around it.
  function insertOnItsOwnLine(cm, marker) {
    const cursor = cm.getCursor("from");
    const line = cm.getLine(cursor.line);
    const before = line.slice(0, cursor.ch).trim();
    const after = cm.getLine(cm.getCursor("to").line).slice(cm.getCursor("to").ch).trim();
    const above = cursor.line > 0 ? cm.getLine(cursor.line - 1).trim() : "";
    const below = cursor.line + 1 < cm.lineCount() ? cm.getLine(cursor.line + 1).trim() : "";
    const lead = before ? "\n\n" : above ? "\n" : "";
    const tail = after ? "\n\n" : below ? "\n" : "";
    cm.replaceSelection(lead + marker + tail);
  }

  function figurePicker() {
    const dialog = make("dialog", "workbench-picker workbench-figures");
    dialog.setAttribute("aria-labelledby", "workbench-figures-heading");
    const heading = make("h2", "", "Insert a figure");
    heading.id = "workbench-figures-heading";
    const label = make("label", "", "Search the figures: title, alt text or caption");
    label.htmlFor = "workbench-figures-search";
    const input = make("input");
    input.type = "search";
    input.id = "workbench-figures-search";
    input.autocomplete = "off";
    const status = make("p", "workbench-picker-status help");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    const results = make("ul", "workbench-picker-results");
    const upload = make("a", "", "Upload figures");
    upload.href = config.urls.figureUpload;
    upload.target = "_blank";
    upload.rel = "noopener";
    const cancel = make("button", "button", "Cancel");
    cancel.type = "button";
    const footer = make("p", "workbench-picker-footer");
    footer.append(upload, " ", cancel);
    dialog.append(heading, label, input, status, results, footer);
    document.body.append(dialog);

    let editor = null;
    let timer = null;
    let asked = 0;

    function insert(marker) {
      dialog.close();
      insertOnItsOwnLine(editor.codemirror, marker);
      editor.codemirror.focus();
    }

    function choice(figure) {
      const item = make("li");
      const button = make("button", "workbench-picker-choice workbench-figure-choice");
      button.type = "button";
      button.dataset.marker = figure.marker;
      if (figure.thumbnail) {
        const image = make("img", "workbench-figure-thumbnail");
        image.src = figure.thumbnail;
        image.alt = ""; // the words beside it say what it shows
        image.width = 96;
        image.height = Math.max(1, Math.round((96 * figure.height) / figure.width));
        button.append(image);
      }
      const words = make("span", "workbench-figure-words");
      words.append(make("strong", "", figure.title), " ", make("span", "help", figure.marker));
      words.append(make("span", "help", figure.decorative ? "Decorative (no alt text)" : "Alt text: " + figure.alt_text));
      button.append(words);
      button.addEventListener("click", function () { insert(figure.marker); });
      item.append(button);
      return item;
    }

    function search() {
      const mine = ++asked;
      status.textContent = "Searching…";
      ask(config.urls.figureChooser + "?q=" + encodeURIComponent(input.value.trim())).then(function (data) {
        if (mine !== asked) return;
        results.replaceChildren.apply(results, data.results.map(choice));
        status.textContent = data.results.length
          ? data.results.length + " shown. Choose one to place it on a line of its own."
          : "No figure matches. Upload it first.";
      }).catch(function (error) {
        if (mine === asked) status.textContent = "The figures could not be searched: " + error.message;
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, SEARCH_DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault(); // not the form's Save
      const first = results.querySelector(".workbench-figure-choice");
      if (first) first.click();
    });
    cancel.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (editor) editor.codemirror.focus(); });

    return {
      open: function (easyMDE) {
        editor = easyMDE;
        input.value = "";
        results.replaceChildren();
        dialog.showModal();
        input.focus();
        search(); // the newest figures, before anything is typed
      },
    };
  }

  window.EvidenceFigurePicker = figurePicker();
})();
