// "Print this agreement" on an agreement's public page (templates/engagements/register/detail.html).
// The button needs JavaScript, so it stays hidden without it and the hint about the browser's
// own print command shows instead. The print stylesheet (css/print.css) does the rest.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
for (const hint of document.querySelectorAll("[data-app-print-hint]")) {
  hint.hidden = true;
}
