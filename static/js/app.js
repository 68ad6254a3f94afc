// Common Ground's own behaviour on top of the NHS.UK frontend.

// Let the server check forms: its messages appear in the NHS.UK error summary
// and next to each field, which the browser's own pop-ups cannot match.
// Without JavaScript the browser's checks (required, type="email") still help.
for (const form of document.querySelectorAll("form")) {
  form.noValidate = true;
}
