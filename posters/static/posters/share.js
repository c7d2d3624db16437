// "Share" with the phone's own share sheet (Web Share API) where there is one, and a copy button; without
// JavaScript the page already offers the link to copy, e-mail and text message.
(function () {
  "use strict";
  var native = document.getElementById("share-native");
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: native.dataset.title, text: native.dataset.text, url: native.dataset.url }).catch(function () {});
    });
  }
  var copy = document.getElementById("share-copy");
  var field = document.getElementById("share-link");
  var status = document.getElementById("share-status");
  if (copy && field && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = copy.dataset.copied;
      });
    });
  }
  if (field) {
    field.addEventListener("focus", function () { field.select(); });
  }
})();
