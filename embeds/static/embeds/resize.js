// On a partner's page, beside the <iframe data-trouve-embed> of Trouve ton X's embedded finder: fits each frame to
// its content. Only messages from the frame's own window and this script's origin are read, and only a height
// (a whole number of pixels between 200 and 5000) is used from them.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src, document.baseURI).origin : "";
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data !== "object") return;
    var height = event.data.trouveTonXHeight;
    if (typeof height !== "number" || !isFinite(height)) return;
    height = Math.round(height);
    if (height < 200 || height > 5000) return;
    var frames = document.querySelectorAll("iframe[data-trouve-embed]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + "px";
        frames[i].setAttribute("height", String(height));
      }
    }
  });
})();
