// The offline queue: diary entries (a finished session, a check-in) that could not reach the
// computer running unknot are kept on this device in IndexedDB and sent later through
// POST /api/diary. Each entry is kept as its exact JSON line, with the time of the action
// already in it ("at"), and is the key of its record: the same entry is kept once, and sending
// it twice (a reply lost on the way) adds nothing, because the diary stores identical lines
// once. Loaded by every page (before offline.js and player.js) and by the service worker
// (importScripts), so both send the same way; `self.unknotQueue` is the interface.
'use strict';

(function (scope) {
  const DATABASE = 'unknot';
  const STORE = 'outbox';
  const CHANNEL = 'unknot-outbox';
  const SYNC_TAG = 'unknot-outbox';

  function openDatabase() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'line' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // Runs `work(store)` in one transaction; resolves with the result of the request it returns.
  async function transact(mode, work) {
    const db = await openDatabase();
    try {
      return await new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const request = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(request ? request.result : undefined);
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }

  const two = (number) => String(number).padStart(2, '0');
  // The day as the diary writes it: "YYYY-MM-DD", on this device's clock.
  function localDate(date = new Date()) {
    return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate());
  }
  // Local time as the diary writes it: "YYYY-MM-DDTHH:MM:SS".
  function localStamp(date = new Date()) {
    return localDate(date) + 'T' + two(date.getHours()) + ':' + two(date.getMinutes()) + ':' + two(date.getSeconds());
  }
  // The day before `date`, by the calendar (a day is not always 24 hours).
  function dayBefore(date = new Date()) {
    return localDate(new Date(date.getFullYear(), date.getMonth(), date.getDate() - 1, 12));
  }

  // Keeps entries on this device; an entry already kept stays kept once.
  async function keep(entries) {
    const now = localStamp();
    await transact('readwrite', (store) => {
      for (const entry of entries) store.put({ line: JSON.stringify(entry), kept_at: now });
      return null;
    });
    requestSync();
    if (scope.document) scope.dispatchEvent(new Event('unknot-kept'));  // offline.js retries
  }

  const pending = () => transact('readonly', (store) => store.getAll());
  const count = () => transact('readonly', (store) => store.count());
  const forget = (line) => transact('readwrite', (store) => store.delete(line));

  // Asks the service worker to send the queue when the browser thinks the network is back
  // (Background Sync, where the browser has it; elsewhere `online` and page loads do it).
  function requestSync() {
    const ready = scope.registration ? Promise.resolve(scope.registration)
      : scope.navigator && scope.navigator.serviceWorker ? scope.navigator.serviceWorker.ready : null;
    if (ready) ready.then((registration) => registration.sync && registration.sync.register(SYNC_TAG)).catch(() => {});
  }

  let token = null;
  // The CSRF token: the page's own, else (or when the server restarted since) a fresh one.
  async function csrfToken(fresh) {
    if (!fresh && token) return token;
    const meta = !fresh && scope.document && scope.document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      token = meta.content;
      return token;
    }
    const response = await fetch('/api/csrf', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error('the server gave no CSRF token (' + response.status + ')');
    token = (await response.json()).csrf_token;
    return token;
  }

  // Sends one JSON line. Resolves {ok: true, reply} when the diary has it (stored now, or
  // already there), {ok: false, error} when the server refuses it as bad input; rejects when
  // the server cannot be reached or cannot take it now (keep it and try again later).
  async function post(line) {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch('/api/diary', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': await csrfToken(attempt > 0) },
        body: line,
        cache: 'no-store',
      });
      if (response.status === 403 && attempt === 0) continue;  // a stale token: the server restarted
      let reply = {};
      try {
        reply = await response.json();
      } catch (error) {
        reply = {};
      }
      if (response.ok) return { ok: true, reply };
      if (response.status >= 500 || response.status === 401 || response.status === 403 || response.status === 408 ||
          response.status === 429) {
        throw new Error(reply.error || 'the server said ' + response.status);
      }
      return { ok: false, error: reply.error || 'the server said ' + response.status };
    }
  }

  // Tells every page of this app (this one too) how the queue stands: {sent, refused, left}.
  // A BroadcastChannel reaches every other channel object of the same name, here and in the
  // service worker; without one (old browsers) only this page's listeners hear it.
  const listeners = [];
  function announce(news) {
    if (typeof BroadcastChannel !== 'function') {
      for (const listener of listeners) listener(news);
      return;
    }
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(news);
    channel.close();
  }
  function onChange(listener) {
    if (typeof BroadcastChannel !== 'function') {
      listeners.push(listener);
      return;
    }
    new BroadcastChannel(CHANNEL).onmessage = (event) => listener(event.data);
  }

  // Sends what is kept, oldest first, and stops at the first entry the server cannot take now.
  // One sender at a time across pages and the service worker (Web Locks, where there are).
  async function flush() {
    const work = async () => {
      const records = (await pending()).sort((a, b) => (a.kept_at < b.kept_at ? -1 : a.kept_at > b.kept_at ? 1 : 0));
      const news = { sent: 0, refused: [], left: 0 };
      if (records.length === 0) return news;
      for (const record of records) {
        let result;
        try {
          result = await post(record.line);
        } catch (error) {
          break;  // still out of reach
        }
        await forget(record.line);
        if (result.ok) {
          news.sent += 1;
        } else {
          news.refused.push(result.error);
        }
      }
      news.left = await count();
      announce(news);
      return news;
    };
    const locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request('unknot-outbox', work) : work();
  }

  // Sends `entry` now; when the server is out of reach, keeps it on this device instead.
  // Resolves {state: 'sent', reply}, {state: 'kept'} or {state: 'refused', error}.
  async function submit(entry) {
    const line = JSON.stringify(entry);
    let result;
    try {
      result = await post(line);
    } catch (error) {
      await keep([entry]);
      return { state: 'kept' };
    }
    return result.ok ? { state: 'sent', reply: result.reply } : { state: 'refused', error: result.error };
  }

  // What the person reads about an entry kept here, and once it has been sent.
  const notices = {
    kept: 'Saved on this phone. It goes to your diary when the computer running unknot can be reached again.',
    sent: 'Sent: your diary on the computer has it now.',
  };

  scope.unknotQueue = { keep, submit, flush, count, onChange, localStamp, localDate, dayBefore, notices };
})(self);
