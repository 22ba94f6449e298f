// Radios that reveal a follow-up question (the review form's "Other" method, for one).
//
// govuk-frontend's Radios component shows and hides the question, and also puts `aria-expanded` on the
// radio, which ARIA 1.2 does not allow on a radio (axe: aria-allowed-attr, critical). We take these
// groups over before govuk-frontend initialises, and do what it does without that attribute: the server
// renders `data-aria-controls` (not `aria-controls`, which would point at nothing without JavaScript),
// and it becomes `aria-controls` here only when the question it names is on the page. The question
// stays right after its radio in the page, so a screen reader reaches it next when it is shown.

const groups = [...document.querySelectorAll('.govuk-radios[data-module="govuk-radios"]')].filter((group) =>
  group.querySelector('input[type="radio"][data-aria-controls]'),
);

for (const group of groups) {
  group.dataset.module = 'app-conditional-radios';
  const inputs = [...group.querySelectorAll('input[type="radio"]')];
  for (const input of inputs) {
    const id = input.getAttribute('data-aria-controls');
    if (!id) continue;
    input.removeAttribute('data-aria-controls');
    if (document.getElementById(id)?.classList.contains('govuk-radios__conditional')) {
      input.setAttribute('aria-controls', id);
    }
  }
  const sync = () => {
    for (const input of inputs) {
      const id = input.getAttribute('aria-controls');
      const reveal = id ? document.getElementById(id) : null;
      reveal?.classList.toggle('govuk-radios__conditional--hidden', !input.checked);
    }
  };
  // Every radio of the group, not only the one with a question: choosing another hides the question.
  group.addEventListener('change', sync);
  // The browser may restore a different choice when someone comes back with the Back button.
  window.addEventListener('pageshow', sync);
  sync();
}
