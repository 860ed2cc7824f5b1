// Starts GOV.UK Frontend and re-starts it on content htmx swaps in.
// Loaded as a module: browsers too old for modules keep the plain HTML pages.
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

// what GOV.UK Frontend's page template does with an inline script (our CSP forbids those)
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

document.body.addEventListener("htmx:load", (event) => {
  const element = event.detail.elt;
  if (element !== document.body) {
    initAll({ scope: element });
  }
});
