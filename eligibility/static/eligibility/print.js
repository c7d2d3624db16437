// Shows the "Print" buttons (hidden without JavaScript, where the browser's own print command works).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
