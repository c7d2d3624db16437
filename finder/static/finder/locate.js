/* "Use my location": only shown when JavaScript and geolocation are available. Fills the hidden lat/lon fields,
   empties the place field (a typed place wins over a position) and submits the search. */
(function () {
  "use strict";
  var button = document.getElementById("use-my-location");
  if (!button || !("geolocation" in navigator)) { return; }
  var form = button.form || button.closest("form");
  var status = document.getElementById("location-status");
  if (!form) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    if (status) { status.textContent = button.getAttribute("data-locating"); }
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.lat.value = position.coords.latitude.toFixed(5);
      form.elements.lon.value = position.coords.longitude.toFixed(5);
      form.elements.where.value = "";
      if (form.elements.page) { form.elements.page.value = ""; }
      form.submit();
    }, function () {
      button.disabled = false;
      if (status) { status.textContent = button.getAttribute("data-denied"); }
    }, { timeout: 15000, maximumAge: 600000 });
  });
})();
