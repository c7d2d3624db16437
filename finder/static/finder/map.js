/* The map is an enhancement drawn after the list: markers come from a JSON data block (no inline script, strict CSP).
   Text is written with textContent, never as HTML. With no tile URL configured, markers are drawn without a base map. */
(function () {
  "use strict";
  if (!window.L) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (element) {
    var source = document.getElementById(element.getAttribute("data-map"));
    if (!source) { return; }
    var data;
    try { data = JSON.parse(source.textContent); } catch (error) { return; }
    var points = data.points || [];
    if (!points.length) { return; }
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false });
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 18, attribution: element.getAttribute("data-tile-attribution") || "" }).addTo(map);
    }
    var bounds = [];
    // Service points at (nearly) the same place share one marker listing them all: stacked markers would be
    // unreachable touch targets.
    var groups = {};
    var order = [];
    points.forEach(function (point) {
      var key = point.lat.toFixed(3) + "," + point.lon.toFixed(3);
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(point);
    });
    order.forEach(function (key) {
      var group = groups[key];
      var popup = document.createElement("div");
      group.forEach(function (point) {
        var link = document.createElement("a");
        link.href = point.url;
        link.textContent = point.title;
        var subtitle = document.createElement("p");
        subtitle.textContent = point.subtitle;
        popup.appendChild(link);
        popup.appendChild(subtitle);
      });
      var title = group.map(function (point) { return point.title; }).join(" · ");
      L.marker([group[0].lat, group[0].lon], { title: title, alt: title, keyboard: true })
        .bindPopup(popup)
        .addTo(map);
      bounds.push([group[0].lat, group[0].lon]);
    });
    if (data.origin) {
      var label = document.createElement("span");
      label.textContent = data.origin.label;
      // Not interactive (its label is always shown), so it never overlaps a marker as a touch target.
      L.circleMarker([data.origin.lat, data.origin.lon], {
        radius: 8, color: "#b3261e", weight: 3, fillOpacity: 0.3, interactive: false
      })
        .bindTooltip(label, { permanent: true, direction: "top" })
        .addTo(map);
      bounds.push([data.origin.lat, data.origin.lon]);
    }
    if (bounds.length === 1) {
      map.setView(bounds[0], 13);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    }
  });
})();
