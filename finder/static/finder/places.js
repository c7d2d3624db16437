/* Place suggestions while typing: fills the search field's <datalist> from /search/places/ (JSON).
   Without JavaScript the field works the same, and unknown places get suggestions on the results page. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  if (!list) { return; }
  var timer = null;
  var last = "";

  function show(names) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var query = input.value.trim();
      if (query.length < 2 || query === last) { return; }
      last = query;
      fetch(input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : { places: [] }; })
        .then(function (data) { if (query === last) { show(data.places || []); } })
        .catch(function () { /* suggestions are optional */ });
    }, 200);
  });
})();
