/* What the workbench's scripts share (workbench.js, workbench-studies.js, workbench-figures.js): building
   elements without inline markup (strict CSP), and asking the admin's JSON endpoints with the page's CSRF
   token, turning a lost session, a refusal or a dead connection into one plain sentence. */
(function () {
  "use strict";

  function make(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function ask(url, options) {
    const headers = { "X-CSRFToken": csrfToken(), Accept: "application/json" };
    return fetch(url, Object.assign({ credentials: "same-origin", headers: headers }, options))
      .then(function (response) {
        const json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.redirected || !json) {
          throw new Error(response.status === 403 ? "You may not do this here." : "Your session has ended: press Save to sign in again; what you typed is offered back afterwards.");
        }
        return response.json().then(function (data) {
          if (!response.ok) {
            const error = new Error(data.error || "The server could not answer (" + response.status + ").");
            error.status = response.status;
            throw error;
          }
          return data;
        });
      })
      .catch(function (error) {
        if (error instanceof TypeError) throw new Error("The server could not be reached: check your connection.");
        throw error;
      });
  }

  window.EvidenceWorkbench = { make: make, ask: ask, csrfToken: csrfToken };
})();
