/* The writer's workbench on a working copy's change form (evidence.workbench, docs/guide.md):
   - the Markdown editor (EasyMDE, static/vendor/easymde-*) on the fields the public renders as Markdown;
   - a live preview beside it, drawn by the server's public renderer, with what it would drop;
   - autosave to the server after a few seconds without typing, offered back on return;
   - a warning before leaving with unsaved changes, and the conflict view's buttons.
   Strict CSP: no inline script or style; element styles are set through the CSSOM only. */
(function () {
  "use strict";

  const PREVIEW_DELAY_MS = 250; // after the last keystroke
  const AUTOSAVE_DELAY_MS = 3000; // of inactivity
  const DESKTOP_WIDTH = 1200;
  const PHONE_WIDTH = 390;

  const configElement = document.getElementById("workbench-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  const form = document.getElementById(config.kind + "_form");
  if (!form) return;
  const csrfToken = (form.elements.csrfmiddlewaretoken || {}).value || "";
  const editors = {}; // field name -> EasyMDE

  const clockSkew = config.serverNow ? new Date(config.serverNow) - Date.now() : 0; // compare with the server's times
  function now() { return new Date(Date.now() + clockSkew); }
  let dirty = Boolean(document.querySelector(".errornote")); // a refused save: the form holds unsaved text
  let submitting = false;

  const make = window.EvidenceWorkbench.make;

  function fieldValue(name) {
    if (editors[name]) return editors[name].value();
    const element = form.elements[name];
    return element ? element.value : "";
  }

  function setField(name, text) {
    if (editors[name]) {
      editors[name].value(text);
      return;
    }
    const element = form.elements[name];
    if (element) {
      element.value = text;
      element.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function typedFields() {
    const fields = {};
    config.textFields.forEach(function (name) {
      if (form.elements[name]) fields[name] = fieldValue(name);
    });
    return fields;
  }

  function sameText(a, b) {
    return String(a || "").replace(/\r\n/g, "\n").trim() === String(b || "").replace(/\r\n/g, "\n").trim();
  }

  function matchesForm(fields) {
    return Object.keys(fields).every(function (name) {
      return !form.elements[name] || sameText(fields[name], fieldValue(name));
    });
  }

  function post(url, body, signal) {
    return window.EvidenceWorkbench.ask(url, { method: "POST", body: body, signal: signal });
  }

  // -- the Markdown editor --------------------------------------------------------------------------
  function insertCitation(editor) {
    if (window.EvidenceCitePicker) { window.EvidenceCitePicker.open(editor); return; } // static/js/workbench-studies.js
    const cm = editor.codemirror;
    const from = cm.getCursor("from");
    cm.replaceSelection("[@citation-key]");
    cm.setSelection({ line: from.line, ch: from.ch + 2 }, { line: from.line, ch: from.ch + 14 });
    cm.focus();
  }

  function insertFigure(editor) {
    if (window.EvidenceFigurePicker) { window.EvidenceFigurePicker.open(editor); return; } // static/js/workbench-figures.js
    const cm = editor.codemirror;
    cm.replaceSelection("\n\n[[figure:ID]]\n\n");
    cm.focus();
  }

  function toolbar() {
    const E = window.EasyMDE;
    return [
      { name: "toggleHeading2", action: E.toggleHeading2, text: "H2", title: "Section heading (##)" },
      { name: "toggleHeading3", action: E.toggleHeading3, text: "H3", title: "Sub-heading (###)" },
      "|",
      { name: "toggleBold", action: E.toggleBold, text: "B", title: "Bold" },
      { name: "toggleItalic", action: E.toggleItalic, text: "I", title: "Italic" },
      "|",
      { name: "toggleUnorderedList", action: E.toggleUnorderedList, text: "• List", title: "Bulleted list" },
      { name: "toggleOrderedList", action: E.toggleOrderedList, text: "1. List", title: "Numbered list" },
      { name: "toggleBlockquote", action: E.toggleBlockquote, text: "❝", title: "Quote" },
      "|",
      { name: "drawLink", action: E.drawLink, text: "Link", title: "Link" },
      { name: "drawTable", action: E.drawTable, text: "Table", title: "Table" },
      { name: "insertCitation", action: insertCitation, text: "[@] Cite", title: "Cite a study: [@citation-key]" },
      { name: "insertFigure", action: insertFigure, text: "Figure", title: "Insert a figure: [[figure:ID]]" },
      "|",
      { name: "undo", action: E.undo, text: "Undo", title: "Undo" },
      { name: "redo", action: E.redo, text: "Redo", title: "Redo" },
    ];
  }

  function setUpEditor(name) {
    const textarea = form.elements[name];
    if (!textarea || textarea.tagName !== "TEXTAREA" || typeof window.EasyMDE !== "function") return null;
    const editor = new window.EasyMDE({
      element: textarea,
      autoDownloadFontAwesome: false, // no CDN: the toolbar's buttons are words
      spellChecker: false, // its dictionaries come from a CDN; the browser's own checker is used
      nativeSpellcheck: true,
      inputStyle: "contenteditable",
      forceSync: true, // the textarea always holds the text, so Save posts what is shown
      status: ["lines", "words"],
      minHeight: "28rem",
      toolbar: toolbar(),
      toolbarButtonClassPrefix: "wb",
      shortcuts: {
        insertCitation: "Cmd-Alt-R",
        togglePreview: null,
        toggleSideBySide: null,
        toggleFullScreen: null,
        drawImage: null,
        toggleHeading1: null,
      },
      blockStyles: { italic: "_" },
      unorderedListStyle: "-",
      previewRender: function () { return null; }, // the preview is the server's, beside the editor
    });
    editors[name] = editor;
    return editor;
  }

  // -- the live preview -------------------------------------------------------------------------
  function previewPane(editor, textarea) {
    const section = make("section", "workbench");
    section.setAttribute("aria-label", "Editor and live preview");
    const flags = make("div", "workbench-flags");
    flags.setAttribute("role", "status");
    flags.setAttribute("aria-live", "polite");
    const columns = make("div", "workbench-columns");
    const editorColumn = make("div", "workbench-editor");
    const previewColumn = make("div", "workbench-preview");
    const bar = make("div", "workbench-preview-bar");
    const heading = make("strong", "", "Preview");
    const phone = make("button", "button", "Phone");
    const desktop = make("button", "button", "Desktop");
    const state = make("span", "workbench-preview-state", "");
    [phone, desktop].forEach(function (button) { button.type = "button"; });
    bar.append(heading, phone, desktop, state);
    const viewport = make("div", "workbench-viewport");
    const frame = make("iframe", "workbench-frame");
    frame.title = "Preview of the public page";
    frame.setAttribute("sandbox", "allow-same-origin"); // no script runs in it, whatever the text holds
    viewport.append(frame);
    previewColumn.append(bar, viewport);

    const wrapper = editor.codemirror.getWrapperElement().parentNode; // EasyMDE's container
    const container = wrapper.classList.contains("EasyMDEContainer") ? wrapper : textarea.parentNode;
    container.parentNode.insertBefore(section, container);
    editorColumn.append(container);
    columns.append(editorColumn, previewColumn);
    section.append(flags, columns);
    section.closest(".form-row") && section.closest(".form-row").classList.add("workbench-row");

    let width = DESKTOP_WIDTH;
    function fit() {
      const scale = Math.min(1, viewport.clientWidth / width);
      frame.style.width = width + "px";
      frame.style.height = Math.round(viewport.clientHeight / scale) + "px";
      frame.style.transform = "scale(" + scale + ")";
      phone.setAttribute("aria-pressed", String(width === PHONE_WIDTH));
      desktop.setAttribute("aria-pressed", String(width === DESKTOP_WIDTH));
    }
    phone.addEventListener("click", function () { width = PHONE_WIDTH; fit(); });
    desktop.addEventListener("click", function () { width = DESKTOP_WIDTH; fit(); });
    window.addEventListener("resize", fit);
    fit();
    return { flags: flags, frame: frame, state: state, section: section };
  }

  function showFlags(pane, editor, data, error) {
    pane.flags.replaceChildren();
    const cm = editor.codemirror;
    (pane.markedLines || []).forEach(function (handle) { cm.removeLineClass(handle, "background", "workbench-dropped-line"); });
    pane.markedLines = [];
    if (error) {
      pane.flags.append(make("p", "errornote", error));
      return;
    }
    function list(title, items, className) {
      if (!items.length) return;
      const box = make("div", "workbench-flag " + className);
      box.append(make("p", "", title));
      const ul = make("ul");
      items.forEach(function (item) { ul.append(make("li", "", item)); });
      box.append(ul);
      pane.flags.append(box);
    }
    list("The public page would drop:", data.dropped.map(function (d) {
      if (d.line) pane.markedLines.push(cm.addLineClass(d.line - 1, "background", "workbench-dropped-line"));
      return (d.line ? "Line " + d.line + ": " : "") + d.text + ". " + d.message;
    }), "workbench-dropped");
    list("Citation markers that point nowhere:", data.dangling, "workbench-dangling");
    offerToAdd(pane, editor, data.addable || []);
    list("The claim check would ask a reviewer about:", data.claims.map(function (c) {
      return "“" + c.text + "” in the " + c.field + " (" + c.rule + ")";
    }), "workbench-claims");
    list("Not published yet, so the article cannot be published until they are:", data.unpublished, "workbench-unpublished");
    list("Left out of the preview:", data.notes, "workbench-notes");
    showReadingAge(pane, data.reading_age);
  }

  function showReadingAge(pane, reading) {
    // The summary and body's reading age against the target in settings (plain-language health writing: ~11).
    if (!reading) return;
    const text = reading.age === null
      ? "Reading age: too little text to judge yet (target " + reading.target + ")."
      : "Reading age " + reading.age + " (target " + reading.target + " or under)" +
        (reading.above_target ? ": shorter sentences and everyday words would bring it down." : ".");
    pane.flags.append(make("p", "workbench-reading-age" + (reading.above_target ? " workbench-reading-age-high" : ""), text));
  }

  function offerToAdd(pane, editor, addable) {
    // A marker naming a study by an identifier the library lacks: add the study from it (the picker asks).
    const box = pane.flags.querySelector(".workbench-dangling");
    if (!box || !addable.length || !window.EvidenceCitePicker) return;
    addable.forEach(function (marker) {
      const button = make("button", "button workbench-add-marked", "Add " + marker.identifier + " from Crossref/PubMed");
      button.type = "button";
      button.addEventListener("click", function () { window.EvidenceCitePicker.open(editor, marker.identifier); });
      box.append(button);
    });
  }

  function highlightClaims(root, claims) {
    const texts = claims.map(function (c) { return c.text; }).filter(Boolean);
    if (!texts.length || !root) return;
    const doc = root.ownerDocument;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      texts.forEach(function (text) {
        const at = node.nodeValue.toLowerCase().indexOf(text.toLowerCase());
        if (at < 0 || !node.parentNode || node.parentNode.closest("mark")) return;
        const match = node.splitText(at);
        match.splitText(text.length);
        const mark = doc.createElement("mark");
        mark.className = "claim-check";
        mark.title = "The claim check would ask a reviewer about this";
        match.parentNode.replaceChild(mark, match);
        mark.append(match);
      });
    });
  }

  function showPage(pane, page, claims) {
    const fresh = new DOMParser().parseFromString(page, "text/html");
    fresh.querySelectorAll(".preview-banner").forEach(function (banner) { banner.remove(); });
    const main = fresh.querySelector("main");
    const shown = pane.frame.contentDocument && pane.frame.contentDocument.querySelector("main");
    if (shown && main) {
      shown.replaceChildren.apply(shown, Array.from(main.childNodes).map(function (n) { return pane.frame.contentDocument.importNode(n, true); }));
      highlightClaims(shown, claims);
    } else {
      pane.frame.addEventListener("load", function () {
        highlightClaims(pane.frame.contentDocument.querySelector("main"), claims);
      }, { once: true });
      pane.frame.srcdoc = "<!doctype html>" + fresh.documentElement.outerHTML;
    }
  }

  function startPreview(editor, textarea) {
    const pane = previewPane(editor, textarea);
    let timer = null;
    let inFlight = null;
    function update() {
      if (inFlight) inFlight.abort();
      inFlight = new AbortController();
      const body = new FormData(form);
      body.set(textarea.name, editor.value());
      pane.state.textContent = "Updating…";
      post(config.urls.preview, body, inFlight.signal).then(function (data) {
        showPage(pane, data.page, data.claims);
        showFlags(pane, editor, data, null);
        pane.state.textContent = "Up to date";
        pane.section.dataset.previewedAt = String(performance.now());
      }).catch(function (error) {
        if (error.name === "AbortError") return;
        showFlags(pane, editor, null, "The preview could not be drawn: " + error.message + " Your text is safe in the editor.");
        pane.state.textContent = "Not updated";
      });
    }
    editor.codemirror.on("change", function () {
      clearTimeout(timer);
      timer = setTimeout(update, PREVIEW_DELAY_MS);
    });
    form.addEventListener("change", function (event) {
      if (event.target !== textarea) { clearTimeout(timer); timer = setTimeout(update, PREVIEW_DELAY_MS); }
    });
    update();
  }

  // -- autosave and restore -----------------------------------------------------------------------
  const status = make("p", "workbench-autosave-status help");
  status.setAttribute("role", "status");
  let autosaveTimer = null;

  function keepLocally() {
    try {
      localStorage.setItem(config.storageKey, JSON.stringify({ fields: typedFields(), savedAt: now().toISOString() }));
    } catch (e) { /* private mode or full: the server copy remains */ }
  }

  function autosave() {
    const body = new FormData();
    body.set("csrfmiddlewaretoken", csrfToken);
    body.set("fields", JSON.stringify(typedFields()));
    if (form.elements.seen_edit_version) body.set("seen_edit_version", form.elements.seen_edit_version.value);
    return post(config.urls.autosave, body).then(function (data) {
      status.textContent = "Draft kept on the server at " + data.time + " (not saved as a revision).";
    }).catch(function (error) {
      keepLocally();
      status.textContent = "Could not keep the draft on the server (" + error.message + "). It is kept in this browser until you save.";
    });
  }

  function typed() {
    dirty = true;
    clearTimeout(autosaveTimer);
    autosaveTimer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
  }

  function localDraft() {
    try {
      const draft = JSON.parse(localStorage.getItem(config.storageKey) || "null");
      if (!draft || !draft.fields) return null;
      const overtaken = config.userLastSavedAt && new Date(draft.savedAt) <= new Date(config.userLastSavedAt);
      if (overtaken || matchesForm(draft.fields)) {
        localStorage.removeItem(config.storageKey);
        return null;
      }
      return draft;
    } catch (e) {
      return null;
    }
  }

  function offerRestore() {
    const box = document.getElementById("workbench-restore");
    const local = localDraft();
    const server = config.offer;
    let draft = server;
    if (local && (!server || new Date(local.savedAt) > new Date(server.savedAt))) draft = local;
    if (!box || !draft) return;
    const at = new Date(draft.savedAt);
    const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const today = at.toDateString() === now().toDateString();
    box.querySelector(".workbench-restore-question").textContent =
      "Restore the text you were writing at " + time + (today ? "" : " on " + at.toLocaleDateString()) + "?";
    box.hidden = false;
    box.querySelector("[data-workbench=restore]").addEventListener("click", function () {
      Object.keys(draft.fields).forEach(function (name) { setField(name, draft.fields[name]); });
      box.hidden = true;
      typed();
      status.textContent = "Restored the text from " + time + ". Press Save to keep it.";
    });
    box.querySelector("[data-workbench=discard]").addEventListener("click", function () {
      box.hidden = true;
      try { localStorage.removeItem(config.storageKey); } catch (e) { /* nothing kept */ }
      const body = new FormData();
      body.set("csrfmiddlewaretoken", csrfToken);
      post(config.urls.discard, body).catch(function () { /* it goes on the next save anyway */ });
    });
  }

  // -- an edit conflict -----------------------------------------------------------------------------
  function conflictButtons() {
    document.querySelectorAll("#workbench-conflict [data-workbench]").forEach(function (button) {
      button.addEventListener("click", function () {
        const merge = button.closest(".workbench-merge");
        if (button.dataset.workbench === "take-theirs") setField(button.dataset.field, merge.querySelector(".workbench-theirs").value);
        if (button.dataset.workbench === "take-mine") setField(button.dataset.field, merge.querySelector(".workbench-yours").value);
        if (button.dataset.workbench === "merged" && form.elements.seen_edit_version) {
          form.elements.seen_edit_version.value = button.dataset.editVersion;
          button.textContent = "Your next save will replace the text saved meanwhile";
          button.disabled = true;
        }
        typed();
      });
    });
  }

  // -- start -----------------------------------------------------------------------------------
  function start() {
    config.markdownFields.forEach(function (name) {
      const editor = setUpEditor(name);
      if (!editor) return;
      editor.codemirror.on("change", typed);
      if (config.urls.preview) startPreview(editor, form.elements[name]);
    });
    form.addEventListener("input", function (event) {
      if (config.textFields.indexOf(event.target.name) >= 0) typed();
    });
    form.addEventListener("submit", function () {
      submitting = true;
      clearTimeout(autosaveTimer);
      keepLocally(); // if the save fails (session ended, server error), the text comes back from here
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = "";
    });
    const submitRow = form.querySelector(".submit-row");
    if (submitRow) submitRow.parentNode.insertBefore(status, submitRow);
    offerRestore();
    conflictButtons();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
