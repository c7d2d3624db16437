/* The map is an enhancement drawn after the list: markers come from a JSON data block (no inline script, strict CSP).
   Text is written with textContent, never as HTML. The base layer needs no tile server: Québec's region boundaries
   and the municipalities' names (bigger places from lower zooms), two static files of this site; a configured tile
   URL is drawn on top of it. */
(function () {
  "use strict";
  if (!window.L) { return; }
  var ICON_SIZE = [25, 41];
  var LABEL_GAP = 6;  // pixels kept free around a place name

  function getJSON(url, done) {
    if (!url || !window.fetch) { return; }
    window.fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { done(data); } })
      .catch(function () { /* the base layer is decoration: markers and the list stay */ });
  }

  // Under the tiles (tilePane is 200) and the markers: boundaries at 150, names at 160.
  function baseLayer(map, element, skipName) {
    map.createPane("basemap").style.zIndex = 150;
    map.createPane("basenames").style.zIndex = 160;
    map.getPane("basemap").style.pointerEvents = "none";
    map.getPane("basenames").style.pointerEvents = "none";
    getJSON(element.getAttribute("data-regions"), function (regions) {
      L.geoJSON(regions, {
        pane: "basemap", interactive: false,
        style: { color: "#6b6b6b", weight: 1, fillColor: "#f6f3ea", fillOpacity: 1 }
      }).addTo(map);
    });
    getJSON(element.getAttribute("data-names"), function (names) {
      var layer = L.layerGroup().addTo(map);
      // Names whose zoom has come, inside the view, largest places first; a name that would overlap one already
      // drawn is left out (it shows when zooming in).
      function drawNames() {
        layer.clearLayers();
        var zoom = map.getZoom();
        var view = map.getBounds().pad(0.1);
        var taken = [];
        names.forEach(function (item) {
          if (item[3] > zoom || !view.contains([item[1], item[2]]) || skipName(item[0])) { return; }
          var at = map.latLngToLayerPoint([item[1], item[2]]);
          var width = item[0].length * 6.5 + LABEL_GAP;
          var box = { x1: at.x - width / 2, x2: at.x + width / 2, y1: at.y - 9, y2: at.y + 9 };
          for (var i = 0; i < taken.length; i += 1) {
            var t = taken[i];
            if (box.x1 < t.x2 && t.x1 < box.x2 && box.y1 < t.y2 && t.y1 < box.y2) { return; }
          }
          taken.push(box);
          var label = document.createElement("span");
          label.textContent = item[0];
          L.marker([item[1], item[2]], {
            pane: "basenames", interactive: false, keyboard: false,
            icon: L.divIcon({ className: "map-place", html: label, iconSize: null })
          }).addTo(layer);
        });
      }
      drawNames();
      map.on("zoomend moveend", drawNames);
    });
  }
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
    // The searched place already carries its name on the map: its municipality's name is not drawn twice.
    var originLabel = data.origin ? data.origin.label : "";
    baseLayer(map, element, function (name) { return originLabel.indexOf(name) !== -1; });
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
