/* Filters sit in <details class="filters-disclosure" open>: without JavaScript they are open
   on every screen. On small screens (one column, below 48rem) they start collapsed so the
   results come first, unless they show an error the person has to fix. */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 47.99rem)").matches) return;
  document.querySelectorAll("details.filters-disclosure[open]").forEach(function (details) {
    if (!details.querySelector(".error-summary, .field--error")) details.open = false;
  });
})();
