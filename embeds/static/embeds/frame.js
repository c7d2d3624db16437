// Inside the embedded finder: tell the page that frames it how tall this document is (a number, nothing else), so
// its resize.js can fit the frame. Without JavaScript the frame keeps the snippet's height and scrolls.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last && height > 0) {
      last = height;
      window.parent.postMessage({ trouveTonXHeight: height }, "*");
    }
  }
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  send();
})();
