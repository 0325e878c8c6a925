// The guided session player: a small state machine over the steps of GET /api/session/ID
// (schema unknot.session/1). Each step counts down (prepare, timed, hold, rest, switch) or
// paces repetitions (reps); the person can pause, skip and go back. At the end, worst pain
// during the session and the items done go to POST /api/diary as one session entry; when the
// computer running unknot cannot be reached, the entry is kept on this device and sent later
// (queue.js), with the time the session ended fixed in it, so it lands in the diary once.
// While the clock runs, the screen is kept awake (Screen Wake Lock, asked for again whenever
// the page comes back into view); "Speak the cues" says each step aloud (speechSynthesis), in
// the words of `unknot session --speak`, and is remembered on this device.
// `?speed=N` runs the clock N times faster (for demonstrations and the browser tests).
'use strict';

(function () {
  const player = document.getElementById('player');
  if (!player) return;
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const params = new URLSearchParams(window.location.search);
  const speed = Math.min(1000, Math.max(1, Number(params.get('speed')) || 1));
  const TICK_MS = 100;

  let script = null;
  let index = 0;          // current step
  let elapsed = 0;        // seconds into the current step
  let running = false;
  let timer = null;
  let lastTick = 0;
  let wakeLock = null;
  let stepReps = [];      // per step: repetitions counted (paced or by button)
  let stepDone = [];      // per step: whether it ran to its end
  let endedAt = null;     // local time the session ended: the diary entry's "at"
  const SPEAK_KEY = 'unknot.speak';

  function repsCounted(item) {
    return script.steps.reduce((sum, step, i) => sum + (step.item === item ? stepReps[i] : 0), 0);
  }
  function itemRun(item) {
    return script.steps.some((step, i) => step.item === item && step.kind !== 'prepare' && stepDone[i]);
  }

  function clock(seconds) {
    const whole = Math.max(0, Math.ceil(seconds));
    return Math.floor(whole / 60) + ':' + String(whole % 60).padStart(2, '0');
  }

  function speak(text) {
    if (!$('speak').checked || !('speechSynthesis' in window)) return;
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || 'en';
    window.speechSynthesis.speak(utterance);
  }

  // What is said at the start of a step: the words of the terminal coach (spoken_cue in
  // src/cli/session_coach.cc), so the phone and `unknot session --speak` sound alike.
  function spokenCue(step, item) {
    switch (step.kind) {
      case 'prepare': return 'Next: ' + item.name + '. Get ready.';
      case 'rest': return step.label + ', ' + step.seconds + ' seconds.';
      case 'switch': return step.label + '.';
      case 'reps': return step.label + '. Go.';
      case 'hold': return step.label + '. Hold.';
      case 'timed': return 'Start. ' + clock(step.seconds) + '.';
      default: return step.label;
    }
  }

  // The browser lets the lock go when the page is hidden; visibilitychange asks again.
  async function keepAwake(on) {
    try {
      if (on && 'wakeLock' in navigator && !wakeLock) {
        wakeLock = 'asking';  // one request at a time
        const lock = await navigator.wakeLock.request('screen');
        if (!running) {  // paused while asking
          await lock.release();
          wakeLock = null;
          return;
        }
        wakeLock = lock;
        lock.addEventListener('release', () => { if (wakeLock === lock) wakeLock = null; });
      } else if (!on && wakeLock && wakeLock !== 'asking') {
        const lock = wakeLock;
        wakeLock = null;
        await lock.release();
      }
    } catch (error) {
      wakeLock = null;  // not allowed (battery saver, no user gesture): the session still works
    }
  }

  function fillList(list, lines) {
    list.replaceChildren(...lines.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }));
  }

  function secondsBefore(stepIndex) {
    let total = 0;
    for (let i = 0; i < stepIndex; i += 1) total += script.steps[i].seconds;
    return total;
  }

  function render() {
    const step = script.steps[index];
    const item = script.items[step.item];
    $('item-name').textContent = item.name + ' · ' + item.dose;
    $('step-label').textContent = step.label;
    $('clock').textContent = clock(step.seconds - elapsed);
    const isReps = step.kind === 'reps';
    $('reps').hidden = !isReps;
    $('rep').hidden = !isReps;
    if (isReps) {
      $('rep-count').textContent = String(Math.min(step.reps, repsInStep(step)));
      $('rep-target').textContent = String(step.reps);
    }
    const done = script.total_seconds > 0 ? (secondsBefore(index) + elapsed) / script.total_seconds : 0;
    const percent = Math.round(Math.min(1, done) * 100);
    $('progress-fill').style.width = percent + '%';
    $('progress').setAttribute('aria-valuenow', String(percent));
    $('pause').textContent = running ? 'Pause' : (elapsed > 0 || index > 0 ? 'Resume' : 'Start');
    $('back').disabled = index === 0 && elapsed === 0;
    player.dataset.step = String(index);
    player.dataset.kind = step.kind;
    player.dataset.state = running ? 'running' : 'paused';
  }

  function repsInStep(step) {
    return step.seconds_per_rep > 0 ? Math.floor(elapsed / step.seconds_per_rep + 1e-9) : 0;
  }

  function announceStep() {
    const step = script.steps[index];
    const item = script.items[step.item];
    // One large picture that moves between the start and end positions.
    for (const pose of ['move']) {
      const picture = $('pic-' + pose);
      const src = '/illustrations/' + encodeURIComponent(item.technique + (item.variant ? '--' + item.variant : '')) +
        '-' + pose + '.svg';
      if (picture.dataset.src !== src) {
        picture.dataset.src = src;
        picture.hidden = true;
        picture.alt = 'How to do it: ' + item.name;
        picture.onload = () => { picture.hidden = false; };
        picture.onerror = () => { picture.hidden = true; };  // no picture for this one
        picture.src = src;
      }
    }
    fillList($('item-steps'), item.steps);
    fillList($('item-cues'), item.cues);
    const words = step.kind === 'prepare' ? 'Next: ' + item.name + '. ' + step.label : step.label;
    $('announce').textContent = words;
    speak(spokenCue(step, item));
  }

  // Leaves the current step; `finished` says whether it ran to its end.
  function leaveStep(finished) {
    const step = script.steps[index];
    if (step.kind === 'reps') {
      stepReps[index] = Math.max(stepReps[index], finished ? step.reps : Math.min(step.reps, repsInStep(step)));
    }
    if (finished) stepDone[index] = true;
  }

  function goTo(next) {
    elapsed = 0;
    if (next >= script.steps.length) {
      finish();
      return;
    }
    index = Math.max(0, next);
    announceStep();
    render();
  }

  function tick() {
    const now = performance.now();
    elapsed += ((now - lastTick) / 1000) * speed;
    lastTick = now;
    const step = script.steps[index];
    if (elapsed >= step.seconds) {
      leaveStep(true);
      goTo(index + 1);
      return;
    }
    render();
  }

  function start() {
    if (running) return;
    running = true;
    lastTick = performance.now();
    timer = window.setInterval(tick, TICK_MS);
    keepAwake(true);
    render();
  }

  function pause() {
    running = false;
    window.clearInterval(timer);
    timer = null;
    keepAwake(false);
    if (script) render();
  }

  function finish() {
    pause();
    player.hidden = true;
    player.dataset.state = 'finished';
    const box = $('done-items');
    script.items.forEach((item, i) => {
      const id = 'done-' + i;
      const row = document.createElement('div');
      row.className = 'choice';
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.id = id;
      input.name = 'item';
      input.value = String(i);
      input.checked = itemRun(i);
      const label = document.createElement('label');
      label.htmlFor = id;
      const reps = repsCounted(i);
      label.textContent = item.name + (reps > 0 ? ' (' + reps + ' reps)' : '');
      row.append(input, label);
      box.append(row);
    });
    $('finish').hidden = false;
    endedAt = window.unknotQueue ? window.unknotQueue.localStamp() : null;
    speak('Well done. That is the session.');
    document.querySelector('#finish h2').setAttribute('tabindex', '-1');
    document.querySelector('#finish h2').focus();
  }

  async function save(event) {
    event.preventDefault();
    const form = $('finish');
    const status = $('finish-status');
    const pain = form.querySelector('input[name="pain_during"]:checked');
    if (!pain) {
      status.textContent = 'Please choose your worst pain during the session, 0 to 10.';
      return;
    }
    const chosen = [...form.querySelectorAll('input[name="item"]:checked')].map((input) => Number(input.value));
    const entry = {
      ...(endedAt ? { at: endedAt } : {}),
      type: 'session',
      session: script.session,
      completed: chosen.length === script.items.length,
      pain_during: Number(pain.value),
      items: chosen.map((i) => {
        const done = { technique: script.items[i].technique };
        const reps = repsCounted(i);
        if (reps > 0) done.reps = reps;
        return done;
      }),
    };
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const queue = window.unknotQueue;
    const outcome = queue ? await queue.submit(entry).catch((error) => ({ state: 'refused', error: error.message }))
      : { state: 'refused', error: 'this page is missing its queue script' };
    if (outcome.state === 'sent') {
      saved(status, form);
    } else if (outcome.state === 'kept') {
      status.textContent = queue.notices.kept;
      form.dataset.saved = 'kept';
      queue.onChange((news) => {
        if (form.dataset.saved === 'kept' && news.sent > 0 && news.left === 0) saved(status, form, queue.notices.sent);
      });
    } else {
      status.textContent = 'Not saved: ' + outcome.error;
      button.disabled = false;
    }
  }

  function saved(status, form, words = 'Saved to your diary.') {
    status.replaceChildren(words + ' ');
    const link = document.createElement('a');
    link.href = '/progress';
    link.textContent = 'See your progress';
    status.append(link);
    form.dataset.saved = 'true';
  }

  async function load() {
    const id = player.dataset.session;
    const response = await fetch('/api/session/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } });
    const reply = await response.json();
    if (!response.ok) throw new Error(reply.error || 'the server said ' + response.status);
    return reply;
  }

  load().then((loaded) => {
    script = loaded;
    stepReps = script.steps.map(() => 0);
    stepDone = script.steps.map(() => false);
    $('static-routine').hidden = true;
    player.hidden = false;
    $('stop-rule').textContent = script.stop_rule;
    if (speed > 1) player.dataset.speed = String(speed);
    if (!('speechSynthesis' in window)) {
      $('speak').disabled = true;
    } else {
      $('speak').checked = window.localStorage.getItem(SPEAK_KEY) === 'on';
      $('speak').addEventListener('change', () => {
        window.localStorage.setItem(SPEAK_KEY, $('speak').checked ? 'on' : 'off');
        // Said in answer to the tap, so phones that only speak after one let the cues through.
        speak('Spoken cues on.');
      });
    }
    $('pause').addEventListener('click', () => (running ? pause() : start()));
    // The one thing to do on this page is to start: put the keyboard there.
    $('pause').focus();
    $('skip').addEventListener('click', () => { leaveStep(false); goTo(index + 1); });
    $('back').addEventListener('click', () => {
      // Back restarts the step if it is under way, else goes to the one before.
      goTo(elapsed > 1 ? index : index - 1);
    });
    $('rep').addEventListener('click', () => {
      const step = script.steps[index];
      if (step.kind !== 'reps') return;
      // Counting by hand moves the pace on to the next repetition.
      elapsed = Math.min(step.seconds, (repsInStep(step) + 1) * step.seconds_per_rep);
      if (elapsed >= step.seconds) {
        leaveStep(true);
        goTo(index + 1);
      } else {
        render();
      }
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && running) keepAwake(true);
    });
    // Keys, as in the terminal coach: space pause/resume, arrows skip and back, r counts a rep.
    document.addEventListener('keydown', (event) => {
      if (player.hidden || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.target.closest('button, input, select, textarea, summary, a')) return;
      const press = { ' ': 'pause', ArrowRight: 'skip', ArrowLeft: 'back', r: 'rep', R: 'rep' }[event.key];
      if (!press || $(press).hidden) return;
      event.preventDefault();
      $(press).click();
    });
    $('finish').addEventListener('submit', save);
    player.dataset.state = 'ready';
    announceStep();
    render();
  }).catch((error) => {
    const message = document.createElement('p');
    message.className = 'alert';
    message.setAttribute('role', 'alert');
    message.textContent = 'The session could not be loaded: ' + error.message;
    player.before(message);
  });
})();
