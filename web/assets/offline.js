// On every page: registers the service worker (/sw.js: pages, techniques, pictures and today's
// session kept for offline use), sends the diary entries kept on this device (queue.js) when
// the page loads, when the browser comes back online and every half minute while some wait,
// and tells the person where their entries are: "saved on this phone" until the computer
// running unknot has them, then "sent". `?offline=kept|warning|stopped` is how the service
// worker says it kept a form that could not reach the server (see sw.js).
'use strict';

(function () {
  const queue = window.unknotQueue;
  const RETRY_MS = 30000;
  const KEPT = queue ? queue.notices.kept : '';
  const SENT = queue ? queue.notices.sent : '';
  const NOTICES = {
    kept: KEPT,
    warning: 'You ticked a warning sign, and the computer running unknot cannot be reached, so its safety ' +
      'screen could not run. Chest pain, trouble breathing or sudden tearing pain: call your emergency number ' +
      'now. Any of the others: no exercise today, and get them checked. Your warning signs are saved on this ' +
      'phone and go to your diary when the computer can be reached; the rest of this check-in was not kept.',
    stopped: 'No session today: the signs you ticked need checking before any exercise. Chest pain, trouble ' +
      'breathing or sudden tearing pain: call your emergency number now. ' + KEPT,
  };

  if ('serviceWorker' in navigator) {
    // Refused outside a secure context (plain HTTP to another computer): the app still works online.
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
    // Have the worker keep the day's session: on a new day (it can be another session), and
    // whenever the plan or a session is opened (the plan may be new).
    const today = queue ? queue.localDate() : '';
    const sessionPage = /^\/(plan|session)/.test(window.location.pathname);
    if (today && (sessionPage || window.localStorage.getItem('unknot.kept-today') !== today)) {
      navigator.serviceWorker.ready.then((registration) => {
        if (!registration.active) return;
        registration.active.postMessage('keep-today');
        window.localStorage.setItem('unknot.kept-today', today);
      }).catch(() => {});
    }
  }
  if (!queue) return;

  let status = null;
  function show(text, urgent) {
    if (!status) {
      status = document.createElement('p');
      status.id = 'outbox-status';
      status.className = urgent ? 'alert' : 'notice';
      status.setAttribute('role', urgent ? 'alert' : 'status');
      const main = document.getElementById('main');
      const heading = main && main.querySelector('h1');
      if (heading) heading.after(status);
      else if (main) main.prepend(status);
    }
    status.textContent = text;
    document.documentElement.dataset.outbox = text === SENT ? 'sent' : 'kept';
  }

  const offline = new URLSearchParams(window.location.search).get('offline');
  if (offline && NOTICES[offline]) show(NOTICES[offline], offline !== 'kept');

  queue.onChange((news) => {
    if (news.refused.length > 0) {
      show('The computer refused an entry kept on this phone: ' + news.refused.join('; '), true);
    } else if (news.left > 0) {
      if (status) show(KEPT);  // the player tells of its own entry; no second notice
    } else if (news.sent > 0 && status) {
      if (status && status.getAttribute('role') === 'alert') {
        status.textContent += ' ' + SENT;
        document.documentElement.dataset.outbox = 'sent';
      } else {
        show(SENT);
      }
    }
  });

  let timer = null;
  async function send() {
    let waiting = 0;
    try {
      waiting = await queue.count();
      if (waiting > 0) {
        if (!status) show(KEPT);  // until the computer confirms, the entries are only here
        waiting = (await queue.flush()).left;
      }
    } catch (error) {
      waiting = 1;  // IndexedDB unavailable or busy: try again later
    }
    window.clearTimeout(timer);
    if (waiting > 0) timer = window.setTimeout(send, RETRY_MS);
  }
  window.addEventListener('online', send);
  window.addEventListener('unknot-kept', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(send, RETRY_MS);
  });
  send();
})();
