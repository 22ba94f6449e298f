// Progressive enhancement only: every page works without this file.

// Before govuk-frontend initialises (below, after a dynamic import), so that it leaves these radios to us.
import './conditional-reveal.js';

const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);

/** Filters a marker's questions by audience, and to those from the publication, as the form changes, without a reload. */
function enhanceQuestionFilter(form) {
  const list = document.querySelector('[data-questions]');
  const status = document.getElementById('question-count');
  if (!list || !status) return;
  const items = [...list.querySelectorAll('li[data-audiences]')];
  const labels = new Map(
    [...form.querySelectorAll('input[name="audience"]')].map((input) => [
      input.value,
      document.querySelector(`label[for="${input.id}"]`)?.textContent.trim() ?? input.value,
    ]),
  );
  // Only a form this script filters can lose its button: after a reload with ?audience= the page
  // holds only the filtered questions, so the form keeps working the no-JavaScript way.
  form.classList.add('app-filter--enhanced');
  const published = form.querySelector('input[name="origin"][value="published"]');
  form.addEventListener('change', () => {
    const audience = form.querySelector('input[name="audience"]:checked')?.value ?? '';
    const onlyPublished = Boolean(published?.checked);
    let shown = 0;
    for (const item of items) {
      const match =
        (!audience || item.dataset.audiences.split(' ').includes(audience)) &&
        (!onlyPublished || item.dataset.origin === 'published');
      item.hidden = !match;
      if (match) shown += 1;
    }
    status.textContent =
      audience || onlyPublished
        ? `Showing ${shown} of ${items.length} questions${onlyPublished ? ', from the publication' : ''}${
            audience ? `, for ${lowerFirst(labels.get(audience))}` : ''
          }.`
        : `Showing all ${items.length} questions.`;
    const url = new URL(window.location.href);
    if (audience) url.searchParams.set('audience', audience);
    else url.searchParams.delete('audience');
    if (onlyPublished) url.searchParams.set('origin', 'published');
    else url.searchParams.delete('origin');
    history.replaceState(null, '', url);
  });
}

const filter = document.querySelector('[data-module="app-question-filter"]');
// The full list is only on the page when it was loaded unfiltered; otherwise keep the server's filter.
const filtered = new URL(window.location.href).searchParams;
if (filter && !filtered.get('audience') && !filtered.get('origin')) enhanceQuestionFilter(filter);

const autosave = document.querySelector('form[data-module="app-autosave"]');
if (autosave) import('/assets/autosave.js').then(({ enhanceAutosave }) => enhanceAutosave(autosave));
const meeting = document.querySelector('[data-module="app-meeting"]');
if (meeting) import('/assets/meeting.js').then(({ enhanceMeeting }) => enhanceMeeting(meeting));

// Signed in: warn two minutes before the idle timeout ends the session.
if (document.body.dataset.signedIn) import('/assets/session-timeout.js').then((m) => m.enhanceSessionTimeout());

import('/assets/govuk-frontend/govuk-frontend.min.js').then(({ initAll }) => initAll());
