// Conditional reveal for the triage decision radios. Progressive enhancement only: without
// this file every decision's questions stay visible and the server checks only the chosen one.
//
// It does what govuk-frontend's radios module does, but sets only aria-controls: that module
// also puts aria-expanded on the radios, which ARIA does not allow on a radio, so axe reports
// it (govuk-frontend issue #979) and Heard's pages must pass axe with no violations.
for (const root of document.querySelectorAll('[data-module="heard-conditional-radios"]')) {
  const inputs = [...root.querySelectorAll(":scope > .govuk-radios__item > input[type=radio]")];
  const sync = () => {
    for (const input of inputs) {
      const target = document.getElementById(input.dataset.ariaControls || "");
      if (target) target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
    }
  };
  for (const input of inputs) {
    if (input.dataset.ariaControls) input.setAttribute("aria-controls", input.dataset.ariaControls);
  }
  root.addEventListener("change", sync);
  sync();
}
