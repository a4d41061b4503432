/* Comments on the text (evidence/comments): on an article's change page,
   - "Use selected text" copies the words selected in the body's editor (EasyMDE/CodeMirror), in a plain field,
     or in the read-only text a reviewer sees, into the new comment's quote, and picks the field they are in;
   - open threads' words are highlighted in the editor (CodeMirror marks, which move with the writer's edits)
     or in the read-only text, and "Show in text" selects them.
   No inline script: the strict CSP allows only files from 'self'. */
(function () {
  "use strict";

  const FIELDS = ["body", "summary", "title", "seo_description"];
  let lastSelection = null; // {field, text} of the latest selection outside the editor

  function fieldOf(node) {
    const row = node && (node.nodeType === 1 ? node : node.parentElement);
    const box = row && row.closest(".form-row");
    if (!box) return null;
    return FIELDS.find(function (name) { return box.classList.contains("field-" + name); }) || null;
  }

  function editorOf(field) {
    const box = document.querySelector(".field-" + field + " .CodeMirror");
    return box && box.CodeMirror ? box.CodeMirror : null;
  }

  function remember() {
    const selection = document.getSelection();
    const text = selection ? selection.toString() : "";
    const field = selection && selection.rangeCount ? fieldOf(selection.anchorNode) : null;
    if (text.trim() && field && !editorOf(field)) lastSelection = { field: field, text: text, position: null };
    const active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT") && FIELDS.indexOf(active.name) >= 0) {
      if (active.selectionEnd > active.selectionStart) {
        lastSelection = { field: active.name, text: active.value.slice(active.selectionStart, active.selectionEnd), position: active.selectionStart };
      }
    }
  }

  function takeSelection(panel) {
    let taken = null;
    const cm = editorOf("body");
    if (cm && cm.somethingSelected()) {
      taken = { field: "body", text: cm.getSelection(), position: cm.indexFromPos(cm.getCursor("from")) };
    }
    taken = taken || lastSelection;
    const quote = panel.querySelector("[name=comment-quote]");
    if (!taken || !taken.text.trim()) {
      quote.placeholder = "Select some words in the text first.";
      quote.focus();
      return;
    }
    quote.value = taken.text;
    panel.querySelector("[name=comment-field]").value = taken.field;
    panel.querySelector("[name=comment-position]").value = taken.position === null ? "" : String(taken.position);
    panel.querySelector("[name=comment-text]").focus();
  }

  function markInEditor(cm, marks) {
    marks.forEach(function (mark) {
      cm.markText(cm.posFromIndex(mark.start), cm.posFromIndex(mark.end), {
        className: "comment-anchor",
        attributes: { "data-comment": String(mark.id), title: "Commented: see Comments" },
      });
    });
  }

  function markInText(box, marks) {
    // The read-only text: wrap the first occurrence of each thread's words that sits in one text node.
    marks.forEach(function (mark) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        const at = node.nodeValue.indexOf(mark.words);
        if (at < 0 || node.parentElement.closest("mark")) continue;
        const words = node.splitText(at);
        words.splitText(mark.words.length);
        const highlight = document.createElement("mark");
        highlight.className = "comment-anchor";
        highlight.dataset.comment = String(mark.id);
        words.parentNode.replaceChild(highlight, words);
        highlight.append(words);
        return;
      }
    });
  }

  function highlight(marks, tries) {
    FIELDS.forEach(function (field) {
      const own = marks.filter(function (mark) { return mark.field === field; });
      if (!own.length) return;
      const cm = editorOf(field);
      if (cm) return markInEditor(cm, own);
      const readonly = document.querySelector(".field-" + field + " .readonly");
      if (readonly) return markInText(readonly, own);
      // The editor is drawn by workbench.js; wait for it a little.
      if (tries > 0 && document.querySelector(".field-" + field + " textarea")) {
        setTimeout(function () { highlight(own, tries - 1); }, 100);
      }
    });
  }

  function show(id, marks) {
    const mark = marks.find(function (m) { return m.id === id; });
    const cm = mark && editorOf(mark.field);
    if (cm) {
      const from = cm.posFromIndex(mark.start);
      const found = cm.findMarksAt(from).find(function (m) { return m.className === "comment-anchor"; });
      const range = found && found.find();
      cm.setSelection(range ? range.from : from, range ? range.to : cm.posFromIndex(mark.end));
      cm.scrollIntoView(null, 80);
      cm.focus();
      return;
    }
    const highlighted = document.querySelector("mark.comment-anchor[data-comment='" + id + "']");
    if (highlighted) highlighted.scrollIntoView({ block: "center" });
  }

  function start() {
    const panel = document.getElementById("comments");
    const data = document.getElementById("comment-marks");
    if (!panel || !data) return;
    const marks = JSON.parse(data.textContent);
    document.addEventListener("selectionchange", remember);
    document.addEventListener("mouseup", remember);
    document.addEventListener("keyup", remember);
    panel.addEventListener("click", function (event) {
      const button = event.target.closest("button[type=button]");
      if (!button) return;
      if (button.hasAttribute("data-comment-take-selection")) takeSelection(panel);
      if (button.dataset.commentShow) show(Number(button.dataset.commentShow), marks);
    });
    highlight(marks, 30);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
