// Keyboard for meeting mode: N or → for the next question, P or ← for the previous one, whenever focus
// is not in a text field (or on a radio, where the arrow keys choose the answer). Anything typed and
// not yet saved is saved on the way, so moving on never loses it. The page works without this file.

const TEXT_FIELDS = 'input:not([type="radio"]):not([type="checkbox"]):not([type="hidden"]), textarea, select';

function isTyping(target) {
  return Boolean(target?.closest?.(`${TEXT_FIELDS}, [contenteditable=""], [contenteditable="true"]`));
}

function snapshot(form) {
  return form ? JSON.stringify([...new FormData(form)].filter(([name]) => name !== 'go')) : '';
}

export function enhanceMeeting(root) {
  const form = root.querySelector('form[data-meeting-form]');
  const go = form?.querySelector('[data-meeting-go]');
  const previous = root.querySelector('[data-meeting-previous]');
  const next = root.querySelector('[data-meeting-next]');
  const hint = root.querySelector('[data-meeting-hint]');
  // After errors or a conflict the form holds what was typed, not what is saved: it is all unsaved.
  const saved = root.querySelector('.govuk-error-summary, .app-conflict') ? null : snapshot(form);
  const unsaved = () => Boolean(form && go) && (saved === null || snapshot(form) !== saved);
  if (hint) hint.hidden = false;

  /** Moves on: through the form when there is something unsaved, else by following the link. */
  function move(direction) {
    const link = direction === 'next' ? next : previous;
    if (unsaved()) {
      go.value = direction;
      form.submit();
      return true;
    }
    if (link) {
      window.location.assign(link.href);
      return true;
    }
    return false;
  }

  for (const [link, direction] of [
    [previous, 'previous'],
    [next, 'next'],
  ]) {
    link?.addEventListener('click', (event) => {
      if (unsaved()) {
        event.preventDefault();
        move(direction);
      }
    });
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (isTyping(target)) return;
    const onRadio = target?.matches?.('input[type="radio"]');
    const key = event.key;
    let direction = null;
    if (key === 'n' || key === 'N') direction = 'next';
    else if (key === 'p' || key === 'P') direction = 'previous';
    else if (!onRadio && key === 'ArrowRight') direction = 'next';
    else if (!onRadio && key === 'ArrowLeft') direction = 'previous';
    if (direction && move(direction)) event.preventDefault();
  });
}
