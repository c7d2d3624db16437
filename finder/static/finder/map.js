/* The map is an enhancement drawn after the list: markers come from a JSON data block (no inline script, strict CSP).
   Text is written with textContent, never as HTML. With no tile URL configured, markers are drawn without a base map. */
(function () {
  "use strict";
  if (!window.L) { return; }
  var ICON_SIZE = [25, 41];
  var GAP = 4;  // pixels kept free between two markers
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
    // The icon's URLs come from the page ({% static %}): with hashed file names in production, Leaflet's own guess
    // (from leaflet.css) finds no image.
    var icon = L.icon({
      iconUrl: element.getAttribute("data-icon"),
      iconRetinaUrl: element.getAttribute("data-icon-2x"),
      shadowUrl: element.getAttribute("data-icon-shadow"),
      iconSize: ICON_SIZE, iconAnchor: [12, 41], popupAnchor: [1, -34], tooltipAnchor: [16, -28], shadowSize: [41, 41]
    });
    var markers = L.layerGroup().addTo(map);
    // Service points whose markers would overlap on screen at the current zoom share one marker listing them all:
    // overlapping markers are touch targets too small to hit (WCAG 2.5.8). Regrouped at each zoom, so zooming in
    // separates them.
    function drawMarkers() {
      markers.clearLayers();
      var groups = [];
      points.forEach(function (point) {
        var at = map.latLngToLayerPoint([point.lat, point.lon]);
        var group = null;
        for (var i = 0; i < groups.length && !group; i += 1) {
          var dx = Math.abs(groups[i].at.x - at.x);
          var dy = Math.abs(groups[i].at.y - at.y);
          if (dx < ICON_SIZE[0] + GAP && dy < ICON_SIZE[1] + GAP) { group = groups[i]; }
        }
        if (group) { group.points.push(point); } else { groups.push({ at: at, points: [point] }); }
      });
      groups.forEach(function (group) {
        var popup = document.createElement("div");
        group.points.forEach(function (point) {
          var link = document.createElement("a");
          link.href = point.url;
          link.textContent = point.title;
          var subtitle = document.createElement("p");
          subtitle.textContent = point.subtitle;
          popup.appendChild(link);
          popup.appendChild(subtitle);
        });
        var title = group.points.map(function (point) { return point.title; }).join(" · ");
        var first = group.points[0];
        L.marker([first.lat, first.lon], { icon: icon, title: title, alt: title, keyboard: true })
          .bindPopup(popup)
          .addTo(markers);
      });
    }
    var bounds = points.map(function (point) { return [point.lat, point.lon]; });
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
      // Room at the top for the markers' height (they stand above their point) and, top left, for the zoom
      // buttons, so that no marker starts hidden under a control.
      map.fitBounds(bounds, { paddingTopLeft: [56, 50], paddingBottomRight: [24, 24], maxZoom: 14 });
    }
    drawMarkers();
    map.on("zoomend", drawMarkers);
  });
})();
