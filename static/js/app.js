// Common Ground's own behaviour on top of the NHS.UK frontend.

// Let the server check forms: its messages appear in the NHS.UK error summary
// and next to each field, which the browser's own pop-ups cannot match.
// Without JavaScript the browser's checks (required, type="email") still help.
for (const form of document.querySelectorAll("form")) {
  form.noValidate = true;
}

// Filter panels (<details data-app-filters>): open beside the results on wide screens; on
// small screens one line above the results ("Filter movements"), opened when wanted, so the
// first result is on the first screen. Without JavaScript they start closed, one click away.
// 40.0625em is the design system's tablet breakpoint.
const wideScreen = window.matchMedia("(min-width: 40.0625em)");
const filterPanels = document.querySelectorAll("details[data-app-filters]");
function placeFilterPanels() {
  for (const panel of filterPanels) {
    panel.open = wideScreen.matches;
  }
}
placeFilterPanels();
wideScreen.addEventListener("change", placeFilterPanels);
