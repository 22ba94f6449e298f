// The idle-timeout warning. The server ends a session 30 minutes after its last request (12 hours after
// signing in at most); two minutes before, this opens a modal dialog that says so, counts down and offers
// "Stay signed in" (one request that restarts the server's clock, without reloading, so typed text is
// kept) or "Sign out". Typing or moving the mouse does not count: only requests to the server do, so
// the warning asks the server (GET /session/status, which does not extend) before it shows.

const WARN_SECONDS = 120;
const RETRY_MS = 30 * 1000;
const TIMED_OUT = '/sign-in?timed-out=1';

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 minutes", "1 minute 5 seconds", "40 seconds". */
export function describeSeconds(total) {
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (!minutes) return plural(seconds, 'second');
  return seconds ? `${plural(minutes, 'minute')} ${plural(seconds, 'second')}` : plural(minutes, 'minute');
}

/** What a screen reader hears, once a minute: whole minutes, rounded up. */
export function announcement(total) {
  return total >= 60
    ? `You will be signed out in ${plural(Math.ceil(total / 60), 'minute')}.`
    : `You will be signed out in ${plural(total, 'second')}.`;
}

export function enhanceSessionTimeout(doc = document) {
  const dialog = doc.querySelector('[data-module="app-session-timeout"]');
  if (!dialog || typeof dialog.showModal !== 'function') return undefined;
  const $ = (selector) => dialog.querySelector(selector);
  const countdown = $('[data-timeout-countdown]');
  const announce = $('[data-timeout-announce]');
  const stay = $('[data-timeout-stay]');
  const signOut = $('[data-timeout-sign-out]');
  const error = $('[data-timeout-error]');
  const absoluteText = $('[data-timeout-absolute]');
  const idleText = dialog.querySelectorAll('.app-timeout__idle');
  const csrf = $('input[name="_csrf"]')?.value ?? '';

  let checkTimer;
  let tickTimer;
  let deadline = 0;
  let announcedMinute = 0;
  let returnFocus = null;

  const goToSignIn = () => window.location.assign(TIMED_OUT);

  async function status() {
    const res = await fetch('/session/status', {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!res.ok) throw new Error(`status ${res.status}`);
    return res.json();
  }

  /** Asks the server how long is left, then waits, warns or leaves. */
  async function check() {
    clearTimeout(checkTimer);
    try {
      schedule(await status());
    } catch {
      if (deadline && Date.now() >= deadline) goToSignIn();
      else checkTimer = setTimeout(check, RETRY_MS);
    }
  }

  function schedule(s) {
    if (!s.signedIn) return goToSignIn();
    const left = Math.min(s.idleExpiresInSeconds, s.absoluteExpiresInSeconds);
    deadline = Date.now() + left * 1000;
    if (left <= 0) return goToSignIn();
    if (left <= WARN_SECONDS) return warn(s.absoluteExpiresInSeconds <= s.idleExpiresInSeconds);
    if (dialog.open) close();
    checkTimer = setTimeout(check, (left - WARN_SECONDS) * 1000);
    return undefined;
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  }

  function warn(absolute) {
    // At the 12-hour limit staying signed in is not possible: say so, and offer only signing out.
    stay.hidden = absolute;
    absoluteText.hidden = !absolute;
    for (const p of idleText) p.hidden = absolute;
    if (!dialog.open) {
      error.hidden = true;
      const left = secondsLeft();
      countdown.textContent = describeSeconds(left);
      announce.textContent = announcement(left);
      announcedMinute = Math.ceil(left / 60);
      returnFocus = doc.activeElement;
      dialog.showModal();
      dialog.focus();
    }
    tick();
  }

  function tick() {
    clearTimeout(tickTimer);
    const left = secondsLeft();
    if (left <= 0) {
      // Another tab, or a save on this page, may have kept the session alive: ask before leaving.
      check();
      return;
    }
    countdown.textContent = describeSeconds(left);
    const minute = Math.ceil(left / 60);
    if (minute < announcedMinute) {
      announcedMinute = minute;
      announce.textContent = announcement(left);
      // Once a minute, also ask the server: another tab may have kept the session alive.
      status()
        .then((s) => {
          if (s.signedIn && Math.min(s.idleExpiresInSeconds, s.absoluteExpiresInSeconds) > WARN_SECONDS) schedule(s);
        })
        .catch(() => {});
    }
    tickTimer = setTimeout(tick, 1000 - (Date.now() % 1000) + 20);
  }

  function close() {
    clearTimeout(tickTimer);
    dialog.close();
    if (returnFocus && doc.contains(returnFocus) && typeof returnFocus.focus === 'function') returnFocus.focus();
    returnFocus = null;
  }

  async function extend() {
    if (stay.hidden) return;
    stay.disabled = true;
    try {
      const res = await fetch('/session/extend', {
        method: 'POST',
        headers: { accept: 'application/json', 'x-csrf-token': csrf },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (res.status === 401) return goToSignIn();
      if (!res.ok) throw new Error(`extend ${res.status}`);
      const s = await res.json();
      clearTimeout(checkTimer);
      close();
      schedule(s);
    } catch {
      error.hidden = false;
    } finally {
      stay.disabled = false;
    }
    return undefined;
  }

  stay.addEventListener('click', extend);
  // Escape means "stay signed in" (or, at the 12-hour limit, just closes the warning).
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (!stay.hidden) {
      extend();
      return;
    }
    close();
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, Math.max(0, deadline - Date.now()));
  });
  // Keep Tab and Shift+Tab inside the dialog.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const focusable = [stay, signOut].filter((b) => !b.hidden && !b.disabled);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = doc.activeElement;
    if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.contains(active) || active === dialog)) {
      event.preventDefault();
      first.focus();
    }
  });
  // Timers sleep in a hidden tab: look again as soon as the person comes back.
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') check();
  });

  check();
  return { check };
}
