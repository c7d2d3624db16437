// After a search, move focus to the results heading so screen readers announce it and the keyboard starts there.
// Without JavaScript the page still leads with the results (the heading is the first thing in the main content).
(function () {
  "use strict";
  var heading = document.getElementById("results-title");
  if (heading && !window.location.hash) {
    heading.focus({ preventScroll: false });
  }
})();
