// Autosave for the marker page: saves a question's answer and note, or the judgement, 2 seconds after
// typing stops and when a field is left. The page still works without this: the Save button posts it all.

const DELAY_MS = 2000;

function timeNow() {
  return new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

export function enhanceAutosave(form) {
  const status = form.querySelector('[data-autosave-status]');
  const csrf = form.querySelector('input[name="_csrf"]')?.value;
  const api = `/api/v1${new URL(form.action).pathname}`;
  if (!status || !csrf) return;
  const timers = new Map();
  const dirty = new Set();
  /** Saves sent and not answered yet, by group; groups changed again while their save was on its way. */
  const inFlight = new Map();
  const again = new Set();
  let failed = false;

  const say = (text, state) => {
    status.textContent = text;
    status.dataset.state = state;
  };
  const hidden = (name) => form.querySelector(`input[type=hidden][name="${name}"]`);

  function groupOf(target) {
    const m = /^(answer|note)-(.+)$/.exec(target.name);
    if (m) return `q:${m[2]}`;
    if (['judgement', 'status', 'rationale', 'owner'].includes(target.name)) return 'record';
    return null;
  }

  // One save at a time for each group: a second would name the version the first replaces, and be
  // refused as a conflict with the person's own change. A change made meanwhile is saved once the first
  // is answered, with the version it returned.
  function save(group) {
    if (inFlight.has(group)) {
      again.add(group);
      return inFlight.get(group);
    }
    const saving = send(group).finally(() => {
      inFlight.delete(group);
      if (again.delete(group)) save(group);
    });
    inFlight.set(group, saving);
    return saving;
  }

  async function settled() {
    while (inFlight.size) await Promise.allSettled([...inFlight.values()]);
  }

  async function send(group) {
    dirty.delete(group);
    say('Saving…', 'saving');
    const data = new FormData(form);
    let url;
    let body;
    let versionInput;
    if (group === 'record') {
      versionInput = hidden('version');
      url = api;
      body = {
        version: Number(versionInput.value),
        judgement: data.get('judgement') ?? undefined,
        status: data.get('status') ?? undefined,
        rationale: String(data.get('rationale') ?? '').trim(),
        owner: data.get('owner') || null,
      };
    } else {
      const key = group.slice(2);
      versionInput = hidden(`version-${key}`);
      url = `${api}/questions/${encodeURIComponent(key)}`;
      body = {
        version: Number(versionInput.value),
        answer: data.get(`answer-${key}`) || null,
        note: String(data.get(`note-${key}`) ?? '').trim(),
      };
    }
    try {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      if (res.status === 409) {
        failed = true;
        dirty.add(group);
        say('Not saved – someone else changed this marker. Use the Save button to see both versions.', 'conflict');
        return;
      }
      if (res.status === 400) {
        // The server refused what was sent (a marker completed with no judgement): say why, keep the text.
        const problem = await res.json().catch(() => null);
        failed = true;
        dirty.add(group);
        const why = problem && problem.error && problem.error.message;
        say(why ? `Not saved – ${why}.` : 'Not saved – check what you entered.', 'error');
        return;
      }
      if (!res.ok) throw new Error(String(res.status));
      const saved = await res.json();
      versionInput.value = String(saved.version);
      // The page now shows what is saved: a later Save posts only what changes after this.
      if (group === 'record') {
        for (const f of ['judgement', 'status', 'rationale']) hidden(`original-${f}`).value = String(body[f] ?? '');
        hidden('original-owner').value = body.owner ?? '';
      } else {
        const key = group.slice(2);
        hidden(`original-answer-${key}`).value = body.answer ?? '';
        hidden(`original-note-${key}`).value = body.note;
      }
      failed = false;
      say(`Saved at ${timeNow()}`, 'saved');
    } catch {
      failed = true;
      dirty.add(group);
      say('Not saved – try again. Your text is still here.', 'error');
    }
  }

  function schedule(group, delay) {
    clearTimeout(timers.get(group));
    dirty.add(group);
    timers.set(
      group,
      setTimeout(() => save(group), delay),
    );
  }

  form.addEventListener('input', (e) => {
    const group = groupOf(e.target);
    if (group) schedule(group, e.target.tagName === 'TEXTAREA' ? DELAY_MS : 0);
  });
  form.addEventListener('focusout', (e) => {
    const group = groupOf(e.target);
    if (group && dirty.has(group)) schedule(group, 0);
  });
  window.addEventListener('beforeunload', (e) => {
    if (dirty.size || failed) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
  form.addEventListener('submit', (e) => {
    // The form posts every field, so changes waiting for their autosave go with it.
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    again.clear();
    // Leaving a field to press Save starts its autosave. Posting the form before that save is answered
    // would name the version it replaces, and the server would report the person's own save as someone
    // else's change. Wait for it: its answer updates the versions the form sends.
    if (inFlight.size) {
      e.preventDefault();
      const submitter = e.submitter;
      settled().then(() => {
        if (typeof form.requestSubmit === 'function') form.requestSubmit(submitter ?? undefined);
        else form.submit();
      });
      return;
    }
    dirty.clear();
    failed = false;
  });
}
