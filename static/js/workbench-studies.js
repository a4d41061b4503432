/* Studies in the writer's workbench (evidence.workbench, docs/guide.md "Cite once"):
   - the citation picker behind the editor's "Cite" button: search the library, insert [@key], or add a study
     the library lacks from its DOI, PMID or PMCID (Crossref and PubMed) as the writer's draft, then cite it;
   - "Fill in from a DOI, PMID or PMCID" on Add study: the form's fields from the registries, left for the
     writer to check and save.
   Loaded after workbench.js, which calls window.EvidenceCitePicker.open(editor). Strict CSP: no inline code. */
(function () {
  "use strict";

  const make = window.EvidenceWorkbench.make;
  const ask = window.EvidenceWorkbench.ask;

  const SEARCH_DELAY_MS = 200;
  const configElement = document.getElementById("workbench-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  const form = document.getElementById(config.kind + "_form");
  if (!form) return;
  const csrfToken = (form.elements.csrfmiddlewaretoken || {}).value || "";

  function postIdentifier(url, identifier) {
    const body = new FormData();
    body.set("csrfmiddlewaretoken", csrfToken);
    body.set("identifier", identifier);
    return ask(url, { method: "POST", body: body });
  }

  // -- the citation picker ------------------------------------------------------------------------
  function citePicker() {
    const dialog = make("dialog", "workbench-picker");
    dialog.setAttribute("aria-labelledby", "workbench-picker-heading");
    const heading = make("h2", "", "Cite a study");
    heading.id = "workbench-picker-heading";
    const label = make("label", "", "Search the library: citation key, title words, authors, a DOI or PMID");
    label.htmlFor = "workbench-picker-search";
    const input = make("input");
    input.type = "search";
    input.id = "workbench-picker-search";
    input.autocomplete = "off";
    const status = make("p", "workbench-picker-status help");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    const results = make("ul", "workbench-picker-results");
    const offer = make("div", "workbench-picker-offer");
    offer.hidden = true;
    const cancel = make("button", "button", "Cancel");
    cancel.type = "button";
    const footer = make("p", "workbench-picker-footer");
    footer.append(cancel);
    dialog.append(heading, label, input, status, results, offer, footer);
    document.body.append(dialog);

    let editor = null;
    let timer = null;
    let asked = 0;

    function insert(key) {
      const cm = editor.codemirror;
      dialog.close();
      cm.replaceSelection("[@" + key + "]");
      cm.focus();
    }

    function showResults(data) {
      results.replaceChildren();
      data.results.forEach(function (study) {
        const item = make("li");
        const button = make("button", "workbench-picker-choice");
        button.type = "button";
        button.dataset.key = study.key;
        const what = [study.authors, study.year, study.journal].filter(Boolean).join(" · ");
        button.append(make("strong", "", "[@" + study.key + "]"), " ", make("span", "", study.title));
        if (what) button.append(make("span", "help", what));
        if (!study.public) button.append(make("span", "workbench-picker-private", study.status + ", not public yet: the article waits for it"));
        button.addEventListener("click", function () { insert(study.key); });
        item.append(button);
        results.append(item);
      });
      status.textContent = data.results.length ? data.results.length + " found. Choose one to cite it." : "Nothing in the library matches.";
      showOffer(data);
    }

    function showOffer(data) {
      offer.replaceChildren();
      offer.hidden = !data.identifier;
      if (!data.identifier) return;
      const name = { doi: "DOI", pmid: "PMID", pmcid: "PMCID" }[data.identifier.kind] + " " + data.identifier.value;
      offer.append(make("p", "", name + " is not in the library."));
      const page = make("a", "", "Open Add study with it");
      page.href = config.urls.addStudyPage + "?identifier=" + encodeURIComponent(data.identifier.value);
      page.target = "_blank";
      page.rel = "noopener";
      if (data.mayAdd) {
        const add = make("button", "button default", "Add it from Crossref/PubMed and cite it");
        add.type = "button";
        add.addEventListener("click", function () {
          add.disabled = true;
          status.textContent = "Asking Crossref and PubMed…";
          postIdentifier(config.urls.addStudy, data.identifier.value).then(function (answer) {
            insert(answer.study.key);
          }).catch(function (error) {
            add.disabled = false;
            status.textContent = error.message;
            if (error.status === 409) page.focus();
          });
        });
        offer.append(add, " ");
      }
      offer.append(page);
    }

    function search() {
      const term = input.value.trim();
      const mine = ++asked;
      if (!term) {
        results.replaceChildren();
        offer.hidden = true;
        status.textContent = "";
        return;
      }
      status.textContent = "Searching…";
      ask(config.urls.librarySearch + "?q=" + encodeURIComponent(term)).then(function (data) {
        if (mine === asked) showResults(data);
      }).catch(function (error) {
        if (mine === asked) status.textContent = "The library could not be searched: " + error.message;
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, SEARCH_DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const first = results.querySelector(".workbench-picker-choice");
      if (first) first.click();
    });
    cancel.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (editor) editor.codemirror.focus(); });

    return {
      open: function (easyMDE, term) {
        editor = easyMDE;
        input.value = term || editor.codemirror.getSelection() || "";
        results.replaceChildren();
        offer.hidden = true;
        status.textContent = "";
        dialog.showModal();
        input.focus();
        if (input.value) search();
      },
    };
  }

  if (config.urls.librarySearch) window.EvidenceCitePicker = citePicker();

  // -- Fill in from a DOI, PMID or PMCID (Add study) --------------------------------------------------------
  function setValue(name, value) {
    const element = form.elements[name];
    if (!element) return false;
    if (element.type === "checkbox") element.checked = Boolean(value);
    else element.value = value;
    ["input", "change"].forEach(function (type) { element.dispatchEvent(new Event(type, { bubbles: true })); });
    return true;
  }

  function fillIn(box) {
    const input = box.querySelector("#workbench-identifier-input");
    const button = box.querySelector("[data-workbench=look-up]");
    const result = box.querySelector(".workbench-identifier-result");
    function say(className, text) {
      const line = make("p", className, text);
      result.append(line);
      return line;
    }
    function lookUp() {
      const identifier = input.value.trim();
      if (!identifier) return;
      result.replaceChildren();
      button.disabled = true;
      say("help", "Asking Crossref and PubMed…");
      postIdentifier(config.urls.lookup, identifier).then(function (data) {
        result.replaceChildren();
        if (data.existing) {
          const line = say("errornote", "Already in the library: ");
          const link = make("a", "", data.existing.label);
          link.href = data.existing.url;
          line.append(link, ". Open it instead of adding it twice.");
          return;
        }
        const filled = [];
        Object.keys(data.fields).forEach(function (name) {
          if (name === "notes" && form.elements.notes && form.elements.notes.value.trim()) return; // keep the writer's notes
          if (setValue(name, data.fields[name])) filled.push(name.replace(/_/g, " "));
        });
        say("workbench-identifier-done", "Filled in from " + data.sources.join(" and ") + ": " + filled.join(", ") + ". Check them, add the conditions, and press Save.");
        const design = form.querySelector(".field-design");
        if (data.design.value) {
          say("workbench-identifier-design", "Study design suggested: " + data.design.label + ", from " + data.design.reason + ". Confirm it against the paper.");
          if (design) design.classList.add("workbench-suggested");
        } else {
          say("workbench-identifier-design", "The registries do not say what kind of study this is: choose its design below.");
          if (form.elements.design) form.elements.design.focus();
        }
        data.warnings.forEach(function (warning) { say("help", warning); });
      }).catch(function (error) {
        result.replaceChildren();
        say("errornote", error.message);
      }).finally(function () {
        button.disabled = false;
      });
    }
    box.hidden = false;
    button.addEventListener("click", lookUp);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); lookUp(); } // not the form's Save
    });
    const given = new URLSearchParams(window.location.search).get("identifier");
    if (given) { input.value = given; lookUp(); }
  }

  const box = document.getElementById("workbench-identifier");
  if (box && config.urls.lookup) fillIn(box);
})();
