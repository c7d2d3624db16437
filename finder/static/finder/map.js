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
    points.forEach(function (point) {
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.title;
      var subtitle = document.createElement("p");
      subtitle.textContent = point.subtitle;
      popup.appendChild(link);
      popup.appendChild(subtitle);
      L.marker([point.lat, point.lon], { title: point.title, alt: point.title, keyboard: true })
        .bindPopup(popup)
        .addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (data.origin) {
      var label = document.createElement("span");
      label.textContent = data.origin.label;
      L.circleMarker([data.origin.lat, data.origin.lon], { radius: 8, color: "#b3261e", weight: 3, fillOpacity: 0.3 })
        .bindTooltip(label)
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
