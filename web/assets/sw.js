// The service worker (served at /sw.js, so its scope is the whole app). It keeps on the phone
// what a session away from the computer needs: the app's CSS, scripts and icons, the technique
// cards and their pictures, and today's session (its safety check, the player page and its
// script JSON). Pages and JSON come from the network first and from the cache when the
// computer cannot be reached; files that only change with a new build come from the cache
// first. The cache is named after the build (the server writes the build's id below), so a
// new build's worker installs a fresh cache and deletes the old one.
// A check-in or a session's safety check posted while the computer is out of reach is kept in
// the offline queue (queue.js) and sent later; `sync` sends the queue where the browser has
// Background Sync.
'use strict';

importScripts('/assets/queue.js');

const BUILD = '@UNKNOT_BUILD_ID@';
const CACHE = 'unknot-' + BUILD;
const SHELL = [
  '/', '/plan', '/techniques', '/learn', '/session', '/checkin', '/manifest.webmanifest',
  '/assets/style.css', '/assets/queue.js', '/assets/offline.js', '/assets/player.js',
  '/assets/icon.svg', '/assets/icon-192.png', '/assets/icon-512.png', '/assets/icon-maskable-512.png',
  '/assets/apple-touch-icon.png',
];
// Files that change only with a new build: cache first.
const BUILD_FILES = /^\/(assets\/|illustrations\/|manifest\.webmanifest$)/;
// Never kept: downloads, the CSRF token, and anything that changes data.
const NEVER_KEPT = /^\/(export\/|api\/csrf$|sw\.js$)/;

// Fetches each address and keeps the good answers; an address that fails is left out.
async function keepAll(urls) {
  const cache = await caches.open(CACHE);
  const unique = [...new Set(urls)];
  for (let start = 0; start < unique.length; start += 6) {
    await Promise.all(unique.slice(start, start + 6).map(async (url) => {
      try {
        const response = await fetch(url, { cache: 'no-cache' });
        if (response.ok) await cache.put(url, response);
      } catch (error) {
        // out of reach: kept next time
      }
    }));
  }
}

async function json(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) throw new Error(url + ': ' + response.status);
  return response.json();
}

function pictures(technique, variant) {
  const name = encodeURIComponent(technique + (variant ? '--' + variant : ''));
  return ['/illustrations/' + name + '-start.svg', '/illustrations/' + name + '-end.svg'];
}

// Every technique card and its pictures (GET /api/techniques lists them).
async function keepTechniques() {
  try {
    const { techniques } = await json('/api/techniques');
    await keepAll(techniques.flatMap((technique) => ['/techniques/' + technique.id, ...pictures(technique.id, '')]));
  } catch (error) {
    // no knowledge base answer: the cards are kept as they are visited
  }
}

// Today's session: the safety check, its script and the items' pictures. The player page
// itself opens only after a real safety check (POST /session/ID hands out a pass), so it is
// kept when the person opens it.
async function keepToday() {
  try {
    const script = await json('/api/session');
    const id = encodeURIComponent(script.session);
    await keepAll(['/api/session', '/api/session/' + id, '/session/' + id,
      ...script.items.flatMap((item) => pictures(item.technique, item.variant))]);
  } catch (error) {
    // no intake yet, or no session today
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await keepAll(SHELL);
    await keepTechniques();
    await keepToday();
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('unknot-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The address a page is kept under: `offline` only tells the page what the worker did.
function cacheKey(url) {
  const key = new URL(url);
  key.searchParams.delete('offline');
  return key.href;
}

// The address of a session's player page (/session/ID?pass=P, the pass from its safety check).
const isPlayer = (url) => url.pathname.startsWith('/session/') && url.searchParams.has('pass');

// The kept copy of a page: its own, else the same page without `speed` (the player's clock
// is read from the address, so today's kept session still runs at the speed asked for); for
// the player after an offline safety check, the copy kept when it was last opened.
async function keptCopy(url) {
  // The player first: /session/ID itself is kept too, but that copy is the safety check.
  if (url.searchParams.get('offline') === 'player') {
    const player = await lastPlayer(url.pathname);
    if (player) return player;
  }
  const kept = await caches.match(cacheKey(url), { cacheName: CACHE });
  if (kept) return kept;
  if (!url.searchParams.has('speed')) return undefined;
  const plain = new URL(url);
  plain.searchParams.delete('speed');
  return caches.match(cacheKey(plain), { cacheName: CACHE });
}

async function lastPlayer(pathname) {
  const cache = await caches.open(CACHE);
  const kept = (await cache.keys()).filter((request) => {
    const url = new URL(request.url);
    return url.pathname === pathname && isPlayer(url);
  });
  return kept.length > 0 ? cache.match(kept[kept.length - 1]) : undefined;
}

// Keeps a page; a session's player page replaces the one kept before (each has its own pass).
async function keepPage(url, response) {
  const cache = await caches.open(CACHE);
  if (isPlayer(url)) {
    for (const request of await cache.keys()) {
      const old = new URL(request.url);
      if (old.pathname === url.pathname && isPlayer(old)) await cache.delete(request);
    }
  }
  await cache.put(cacheKey(url), response);
}

async function networkFirst(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') keepPage(url, response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const kept = await keptCopy(url);
    if (kept) return kept;
    if (request.mode === 'navigate') return notKeptPage();
    throw error;
  }
}

async function cacheFirst(request) {
  const kept = await caches.match(request, { cacheName: CACHE });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
  }
  return response;
}

// A page never opened while the computer could be reached.
function notKeptPage() {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Not on this phone · unknot</title><link rel="stylesheet" href="/assets/style.css"></head>' +
    '<body><main id="main"><h1>This page is not on this phone</h1><p>The computer running unknot cannot be ' +
    'reached, and this page was not opened before. <a href="/">Home</a>, <a href="/techniques">the ' +
    'techniques</a> and <a href="/session">today\'s session</a> work without it.</p></main></body></html>';
  return new Response(html, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'self'",
    },
  });
}

const queue = self.unknotQueue;

// The check-in form (POST /checkin) as the server would store it (web/app.cc, at the form's
// `at`): warning signs as symptom entries; then, when there are none, yesterday's triggers,
// this morning's pain and the note. With a warning sign the safety screen needs the computer,
// so only the signs are kept (as the server keeps only them when the screen says emergency).
async function keepCheckin(form, at) {
  const symptoms = form.getAll('symptoms');
  const warning = symptoms.length > 0 || form.has('pain/tearing_or_ripping') || form.has('pain/started_after');
  const entries = symptoms.map((symptom) => ({ at, type: 'symptom', symptom }));
  const pain = form.get('nprs');
  if (!warning) {
    if (pain === null || pain === '') return Response.redirect('/checkin', 303);  // the form requires it
    const yesterday = queue.dayBefore(new Date(at));
    for (const trigger of form.getAll('profile/triggers')) entries.push({ at: yesterday, type: 'trigger', trigger });
    entries.push({ at, type: 'pain', nprs: Number(pain), context: form.get('context') || 'morning' });
    const note = form.get('note');
    if (note) entries.push({ at, type: 'note', text: note });
  }
  if (entries.length > 0) await queue.keep(entries);
  return Response.redirect('/checkin?offline=' + (warning ? 'warning' : 'kept'), 303);
}

// The safety check before a session (POST /session/ID): nothing ticked opens the player kept
// on the phone, as the server opens it; a ticked sign stops the session and is kept for the diary.
async function keepSessionCheck(form, at, url) {
  const symptoms = form.getAll('symptoms');
  if (symptoms.length === 0) {
    const speed = form.get('speed');
    return Response.redirect(url.pathname + '?offline=player' + (speed ? '&speed=' + encodeURIComponent(speed) : ''),
      303);
  }
  await queue.keep(symptoms.map((symptom) => ({ at, type: 'symptom', symptom })));
  return Response.redirect('/session?offline=stopped', 303);
}

async function postOrKeep(request) {
  const url = new URL(request.url);
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const form = new URLSearchParams(await copy.text());
    // The time of the action, fixed: the check-in page sends it (offline.js), so what the
    // server may already have stored before the reply was lost is the same line.
    const at = form.get('at') || queue.localStamp();
    return url.pathname === '/checkin' ? keepCheckin(form, at) : keepSessionCheck(form, at, url);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST') {
    if (request.mode === 'navigate' && (url.pathname === '/checkin' || url.pathname.startsWith('/session/'))) {
      event.respondWith(postOrKeep(request));
    }
    return;
  }
  if (request.method !== 'GET' || NEVER_KEPT.test(url.pathname)) return;
  event.respondWith(BUILD_FILES.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});

// Send the queue; a rejected promise asks the browser to try again later.
async function sendQueue() {
  const news = await queue.flush();
  if (news.left > 0) throw new Error(news.left + ' diary entries still wait for the computer');
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'unknot-outbox') event.waitUntil(sendQueue());
});

// A page asks for today's session to be kept again (a new day, a new plan).
self.addEventListener('message', (event) => {
  if (event.data === 'keep-today') event.waitUntil(keepToday());
});
