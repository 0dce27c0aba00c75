/* Door scanner: camera (the browser's BarcodeDetector, else jsQR in the page, else the server), handheld scanner, search by name,
   offline queue synced when the network returns. Without the network the page decides as the server
   does, from the event's offline package: the ticket's signature (ticket.js; a genuine ticket of another
   event, by that event's public key, is wrong_event), revocations, the registration's state, the
   check-in window, and who is in already (from the package and this device's own scans). A service worker (sw.js) keeps the page and the package, so it opens with no network.
   No inline script: configuration comes from data-* attributes and a JSON script element, so a strict
   Content Security Policy holds. */
(function () {
  "use strict";

  var picker = document.querySelector(".js-autosubmit");
  if (picker) {
    picker.addEventListener("change", function () { picker.form.submit(); });
  }
  var root = document.getElementById("scanner");
  if (!root) { return; }

  var cfg = root.dataset;
  var T = JSON.parse(document.getElementById("scanner-messages").textContent);
  var sessionId = parseInt(cfg.session, 10);
  var queueKey = "checkin-queue";
  var packageKey = "checkin-offline-" + cfg.event;
  var seenKey = "checkin-seen-" + cfg.event;
  var gate = cfg.gate || "";
  var offlinePackage = null;
  // The camera's last code: not sent again while it stays in view (and for REPEAT_MS after), its
  // first answer is shown instead.
  var REPEAT_MS = 5000;
  var last = { code: null, seenAt: 0, answer: null, pending: false };

  function $(id) { return document.getElementById(id); }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key] == null ? "" : values[key]; });
  }
  function nonce() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function timeText(iso) {
    if (!iso) { return ""; }
    try {
      return new Date(iso).toLocaleTimeString(document.documentElement.lang || "vi",
        { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh" });
    } catch (e) { return iso; }
  }

  /* --- sound ----------------------------------------------------------------------------------- */
  var audio = null;
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = kind === "green" ? [[1046, 0.12]] : kind === "amber" ? [[660, 0.1], [660, 0.1]] : [[220, 0.35]];
      var at = audio.currentTime;
      tones.forEach(function (tone) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = tone[0];
        osc.type = kind === "red" ? "square" : "sine";
        gain.gain.value = 0.2;
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(at); osc.stop(at + tone[1]);
        at += tone[1] + 0.08;
      });
    } catch (e) { /* no audio: the colour still tells */ }
    if (navigator.vibrate) { navigator.vibrate(kind === "green" ? 80 : [60, 60, 60]); }
  }

  /* --- answer ------------------------------------------------------------------------------------ */
  function colour(result) {
    if (result === "ok") { return "green"; }
    if (result === "already_checked_in" || result === "queued") { return "amber"; }
    return "red";
  }
  function show(answer, quiet) {
    var kind = colour(answer.result);
    var box = $("answer");
    box.className = "answer answer--" + kind;
    box.dataset.result = answer.result;
    $("answer-title").textContent = answer.message || "";
    var person = answer.registration;
    $("answer-name").textContent = person ? person.name : "";
    var detail = person ? [person.organisation, person.role].filter(Boolean).join(" · ") : "";
    if (answer.result === "already_checked_in" && answer.checked_in_at) {
      detail = (detail ? detail + " — " : "") + fmt(T.first_at, { time: timeText(answer.checked_in_at), gate: answer.gate || "–" });
    }
    if (answer.note) { detail = (detail ? detail + " · " : "") + answer.note; }
    $("answer-detail").textContent = detail;
    if (!quiet) { beep(kind); }
  }

  /* --- network ----------------------------------------------------------------------------------- */
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf, "Accept-Language": document.documentElement.lang },
      body: JSON.stringify(body)
    });
  }
  function readQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue) {
    localStorage.setItem(queueKey, JSON.stringify(queue));
    var el = $("queue");
    el.hidden = queue.length === 0;
    el.textContent = fmt(T.queued, { n: queue.length });
  }
  function setOnline(online) {
    var el = $("network");
    el.textContent = online ? T.online : T.offline;
    el.className = "network" + (online ? "" : " network--offline");
  }

  /* --- offline package: what the page decides on without the network ---------------------------------- */
  function showPackageAge() {
    var el = $("package-age");
    if (!offlinePackage || !offlinePackage.generated_at) {
      el.textContent = T.package_missing; el.className = "package-age package-age--missing"; return;
    }
    var at = new Date(offlinePackage.generated_at);
    var minutes = Math.max(0, Math.floor((Date.now() - at.getTime()) / 60000));
    el.textContent = fmt(T.package_age, { time: timeText(offlinePackage.generated_at), minutes: minutes });
    el.className = "package-age" + (minutes >= 30 ? " package-age--stale" : "");
    el.dataset.generatedAt = offlinePackage.generated_at;
  }
  function loadPackage() {
    try { offlinePackage = JSON.parse(localStorage.getItem(packageKey) || "null"); } catch (e) { offlinePackage = null; }
    showPackageAge();
    checkCrypto();
    if (!navigator.onLine) { return Promise.resolve(); }
    return fetch(cfg.offlineUrl, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        offlinePackage = data;
        try { localStorage.setItem(packageKey, JSON.stringify(data)); } catch (e) {}
        showPackageAge();
        checkCrypto();
      }).catch(function () {});
  }
  function checkCrypto() {
    if (!offlinePackage || !window.CheckinTicket) { return; }
    window.CheckinTicket.importKey(offlinePackage.key.public_key).then(function (key) {
      var el = $("crypto-warning");
      el.hidden = !!key;
      el.textContent = key ? "" : T.no_signature_check;
    });
  }

  /* Who this device knows to be in: {session id: {ticket id or "ref:" + reference: {at, gate}}}. */
  function readSeen() {
    try { return JSON.parse(localStorage.getItem(seenKey) || "{}"); } catch (e) { return {}; }
  }
  function remember(ticketId, reference, at, where) {
    var seen = readSeen();
    var here = seen[sessionId] = seen[sessionId] || {};
    var entry = { at: at, gate: where || "" };
    if (ticketId && !here[ticketId]) { here[ticketId] = entry; }
    if (reference && !here["ref:" + reference]) { here["ref:" + reference] = entry; }
    try { localStorage.setItem(seenKey, JSON.stringify(seen)); } catch (e) {}
  }
  function firstCheckIn(ticket) {
    var here = readSeen()[sessionId] || {};
    var mine = here[ticket.ticket_id] || (ticket.reference && here["ref:" + ticket.reference]);
    if (mine) { return mine; }
    var rows = (offlinePackage && offlinePackage.checked_in) || [];
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (row.session === sessionId && ((ticket.ticket_id && row.ticket_id === ticket.ticket_id) ||
          (ticket.reference && row.reference === ticket.reference))) {
        return { at: row.checked_in_at, gate: row.gate };
      }
    }
    return null;
  }

  function answer(result, ticket, extra) {
    var out = { result: result, message: T.results[result], offline: true,
      registration: ticket && ticket.name ? { name: ticket.name, organisation: ticket.organisation, role: ticket.role, reference: ticket.reference } : null };
    Object.keys(extra || {}).forEach(function (key) { out[key] = extra[key]; });
    return out;
  }

  /* The answer the server would give, decided here: `ticket` is the package's entry (or a bare one for a
     genuine code issued after the package was made). Records an admission on this device. */
  function decideFor(ticket) {
    if (ticket.status === "cancelled") { return answer("cancelled", ticket); }
    if (ticket.status === "not_confirmed") { return answer("not_confirmed", ticket); }
    var session = (offlinePackage.sessions || []).filter(function (s) { return s.id === sessionId; })[0];
    var now = Date.now();
    if (!session || now < Date.parse(session.checkin_opens_at) || now > Date.parse(session.checkin_closes_at)) {
      return answer("not_open", ticket);
    }
    var first = firstCheckIn(ticket);
    if (first) { return answer("already_checked_in", ticket, { checked_in_at: first.at, gate: first.gate || null }); }
    var at = new Date().toISOString();
    remember(ticket.ticket_id, ticket.reference, at, gate);
    return answer("ok", ticket, { checked_in_at: at, gate: gate || null, note: T.saved_offline_detail });
  }

  function ticketBy(field, value) {
    var tickets = (offlinePackage && offlinePackage.tickets) || [];
    for (var i = 0; i < tickets.length; i++) { if (tickets[i][field] === value) { return tickets[i]; } }
    return null;
  }

  /* Resolves to the offline answer for a scanned code. */
  function decideCode(code) {
    if (!offlinePackage) { return Promise.resolve(answer("invalid", null, { message: T.unknown_offline })); }
    var parsed = window.CheckinTicket.parse(code);
    if (!parsed) { return Promise.resolve(answer("invalid", null)); }
    var own = parsed.keyId === offlinePackage.key.key_id
      ? window.CheckinTicket.verify(parsed, offlinePackage.key.public_key) : Promise.resolve(false);
    return own.then(function (genuine) {
      var known = genuine !== false && ticketBy("ticket_id", parsed.ticketId);
      var revoked = genuine !== false && offlinePackage.revoked.indexOf(parsed.ticketId) >= 0;
      if (genuine === false) {
        // Not this event's: a genuine ticket of another event is wrong_event, as the server answers it
        // (before looking at revocation); anything else is invalid.
        return window.CheckinTicket.signedByAny(parsed, offlinePackage.other_keys).then(function (other) {
          if (other === true) { return answer("wrong_event", null); }
          if (other === null) { return answer("invalid", null, { message: T.unknown_offline, note: T.no_signature_check }); }
          return answer("invalid", null);
        });
      }
      if (genuine === null && !known && !revoked) {
        // no Ed25519 here: only the package's own list can vouch for a code
        return answer("invalid", null, { message: T.unknown_offline, note: T.no_signature_check });
      }
      if (revoked) { return answer("revoked", null); }
      return decideFor(known || { ticket_id: parsed.ticketId, status: "confirmed" });
    });
  }
  function decideReference(reference) {
    var known = offlinePackage && ticketBy("reference", reference);
    if (!known) { return Promise.resolve(answer("invalid", null, { message: T.unknown_offline })); }
    return Promise.resolve(decideFor(known));
  }

  function queueScan(item) {
    var decided = item.reference ? decideReference(item.reference) : decideCode(item.code);
    return decided.then(function (offlineAnswer) {
      var queue = readQueue();
      queue.push(item);
      writeQueue(queue);
      if (offlineAnswer.result !== "ok") { offlineAnswer.note = T.saved_offline; }
      return offlineAnswer;
    });
  }

  var REFERENCE = /^[A-HJ-NP-Z2-9]{10}$/;

  /* A code signed by a key the package does not hold (an event whose first ticket was issued after the
     package was loaded): while online, fetch the package again at once, so that the key is known before
     the network goes. Offline such a code stays "invalid" until the next refresh. */
  var refreshingForKey = false;
  function knowsKeyOf(code) {
    if (!offlinePackage || !window.CheckinTicket) { return true; }
    var parsed = window.CheckinTicket.parse(code);
    if (!parsed || parsed.keyId === offlinePackage.key.key_id) { return true; }
    return (offlinePackage.other_keys || []).some(function (k) { return k.key_id === parsed.keyId; });
  }
  function refreshForUnknownKey(code) {
    if (refreshingForKey || !navigator.onLine || knowsKeyOf(code)) { return; }
    refreshingForKey = true;
    loadPackage().then(function () { refreshingForKey = false; });
  }

  function send(item) {
    if (item.reference) {
      return post(cfg.manualUrl, { reference: item.reference, nonce: item.nonce, gate: gate });
    }
    var body = { code: item.code, session: sessionId, nonce: item.nonce };
    if (gate) { body.gate = gate; }
    return post(cfg.scanUrl, body);
  }

  /* Scan a code (or a printed reference, typed): online the server answers; without the network, or
     when it fails, the page decides and queues the scan. Resolves to the answer shown. */
  function scan(text, fromCamera) {
    var code = (text || "").trim().toUpperCase();
    if (!code) { return Promise.resolve(null); }
    var now = Date.now();
    if (fromCamera && code === last.code && (last.pending || now - last.seenAt < REPEAT_MS)) {
      // the same person still in front of the camera: their first answer, not a second scan
      last.seenAt = now;
      if (last.answer && $("answer").dataset.result !== last.answer.result) { show(last.answer, true); }
      return Promise.resolve(last.answer);
    }
    last = { code: code, seenAt: now, answer: null, pending: true };
    var item = { session: sessionId, nonce: nonce(), scanned_at: new Date().toISOString(), gate: gate };
    if (REFERENCE.test(code)) { item.reference = code; } else { item.code = code; }
    var answered;
    if (!navigator.onLine) {
      answered = queueScan(item);
    } else {
      if (item.code) { refreshForUnknownKey(item.code); }
      answered = send(item).then(function (r) {
        if (r.status >= 500) { throw new Error("server"); }
        return r.json().then(function (data) {
          if (!r.ok) { return { result: "invalid", message: data.detail || T.error }; }
          var person = data.registration;
          if (data.result === "ok" || data.result === "already_checked_in") {
            var parsed = item.code && window.CheckinTicket && window.CheckinTicket.parse(item.code);
            remember(parsed ? parsed.ticketId : null, person ? person.reference : null, data.checked_in_at, data.gate);
          }
          refreshCounts();
          return data;
        });
      }).catch(function () { setOnline(false); return queueScan(item); });
    }
    return answered.then(function (shown) {
      if (last.code === code) { last.answer = shown; last.pending = false; last.seenAt = Date.now(); }
      show(shown);
      return shown;
    });
  }

  function sync() {
    var queue = readQueue();
    if (!queue.length || !navigator.onLine) { return; }
    var batch = queue.slice(0, 500);
    post(cfg.syncUrl, { scans: batch })
      .then(function (r) {
        if (r.status === 400) {
          // Some queued scans can never be accepted (e.g. a mangled code): drop those, keep the rest.
          return r.json().then(function (body) {
            var bad = (body.fields && body.fields.scans) || {};
            var badNonces = {};
            Object.keys(bad).forEach(function (index) { if (batch[index]) { badNonces[batch[index].nonce] = true; } });
            if (!Object.keys(badNonces).length) { batch.forEach(function (item) { badNonces[item.nonce] = true; }); }
            writeQueue(readQueue().filter(function (item) { return !badNonces[item.nonce]; }));
            showSynced(0, Object.keys(badNonces).length);
            return null;
          });
        }
        if (!r.ok) { throw new Error("sync"); }
        return r.json();
      })
      .then(function (data) {
        if (!data) { return; }
        var done = {};
        var refused = 0;
        data.results.forEach(function (answer) {
          done[answer.nonce] = true;
          if (answer.result !== "ok" && answer.result !== "already_checked_in") { refused += 1; }
        });
        writeQueue(readQueue().filter(function (scanItem) { return !done[scanItem.nonce]; }));
        showSynced(data.results.length, refused);
        setOnline(true);
        refreshCounts();
      })
      .catch(function () {});
  }

  function showSynced(sent, refused) {
    var el = $("synced");
    if (!el || (!sent && !refused)) { return; }
    el.hidden = false;
    el.className = "synced" + (refused ? " synced--refused" : "");
    el.textContent = fmt(T.synced, { n: sent, bad: refused });
  }

  function refreshCounts() {
    fetch(cfg.countsUrl, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        $("count-in").textContent = data.checked_in;
        $("count-expected").textContent = data.expected;
        setOnline(true);
      }).catch(function () { setOnline(false); });
  }

  /* --- handheld scanner / typed code ---------------------------------------------------------------- */
  $("code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = $("code-input");
    scan(input.value, false);  // a deliberate Enter always scans
    input.value = "";
    input.focus();
  });

  /* --- search by name ------------------------------------------------------------------------------- */
  var searchTimer = null;
  function renderResults(results) {
    var list = $("search-results");
    list.textContent = "";
    if (!results.length) {
      var empty = document.createElement("li"); empty.textContent = T.no_results; list.appendChild(empty); return;
    }
    results.forEach(function (person) {
      var li = document.createElement("li");
      var who = document.createElement("span"); who.className = "who";
      var name = document.createElement("strong"); name.textContent = person.name;
      var more = document.createElement("small");
      more.textContent = [person.organisation, person.status_display, person.reference].filter(Boolean).join(" · ");
      who.appendChild(name); who.appendChild(more); li.appendChild(who);
      if (person.blocked) {
        var why = document.createElement("span"); why.className = "why";
        why.textContent = fmt(T.not_checkable, { reason: person.blocked });
        li.appendChild(why); list.appendChild(li);
        return;
      }
      var button = document.createElement("button");
      button.type = "button"; button.className = "button";
      button.textContent = person.checked_in ? T.checked_in : T.check_in;
      button.disabled = person.checked_in;
      button.addEventListener("click", function () {
        button.disabled = true;
        post(cfg.manualUrl, { reference: person.reference, nonce: nonce(), gate: gate })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            if (data.result) { show(data); } else { show({ result: "invalid", message: data.detail || T.error }); }
            button.textContent = data.result === "ok" || data.result === "already_checked_in" ? T.checked_in : T.check_in;
            button.disabled = data.result === "ok" || data.result === "already_checked_in";
            refreshCounts();
          })
          .catch(function () { button.disabled = false; show({ result: "invalid", message: T.error }); });
      });
      li.appendChild(button);
      list.appendChild(li);
    });
  }
  function search() {
    var q = $("search-input").value.trim();
    if (q.length < 2) { $("search-results").textContent = ""; return; }
    fetch(cfg.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "Accept-Language": document.documentElement.lang } })
      .then(function (r) { return r.json(); })
      .then(function (data) { renderResults(data.results || []); })
      .catch(function () {});
  }
  $("search-form").addEventListener("submit", function (event) { event.preventDefault(); search(); });
  $("search-input").addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });

  /* --- camera ------------------------------------------------------------------------------------- */
  var video = $("camera");
  var canvas = $("frame");
  var stream = null;
  var detector = null;
  var busy = false;
  var starting = false;

  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null; video.hidden = true;
    $("camera-toggle").textContent = T.camera_start;
  }
  /* The frame now in view, drawn on the canvas at most `longest` pixels wide or high. */
  function grabFrame(longest) {
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) { return false; }
    var scale = Math.min(1, longest / Math.max(w, h));
    canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
    canvas.getContext("2d", { willReadFrequently: true }).drawImage(video, 0, 0, canvas.width, canvas.height);
    return true;
  }
  /* Decoded in the page by jsQR (installed by npm, kept by the service worker): works offline. */
  function decodeInPage() {
    if (!grabFrame(800)) { return Promise.resolve(null); }
    var image = canvas.getContext("2d", { willReadFrequently: true }).getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return Promise.resolve(found && found.data ? found.data : null);
  }
  /* The last resort, online only: a browser without BarcodeDetector whose copy of jsQR did not load. */
  function decodeOnServer() {
    if (!navigator.onLine || !grabFrame(960)) { return Promise.resolve(null); }
    return new Promise(function (resolve) {
      canvas.toBlob(function (blob) {
        if (!blob) { resolve(null); return; }
        var form = new FormData(); form.append("image", blob, "frame.jpg");
        fetch(cfg.decodeUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": cfg.csrf }, body: form })
          .then(function (r) { return r.ok ? r.json() : { code: null }; })
          .then(function (data) { resolve(data.code); })
          .catch(function () { resolve(null); });
      }, "image/jpeg", 0.85);
    });
  }
  /* The browser's own detector where it has one (Chrome on Android), else jsQR in the page, else the
     server. Resolves to [decoded text or null, milliseconds until the next frame]. */
  function decodeFrame() {
    if (detector) {
      return detector.detect(video).then(function (codes) { return [codes.length ? codes[0].rawValue : null, 120]; });
    }
    if (typeof window.jsQR === "function") {
      return decodeInPage().then(function (code) { return [code, 150]; });
    }
    return decodeOnServer().then(function (code) { return [code, 500]; });
  }
  /* One loop per camera stream: it ends when that stream is stopped or replaced, and a frame that was
     still being decoded when "Stop camera" was pressed checks nobody in. */
  function detectLoop(active) {
    if (!active || active !== stream) { return; }
    var again = function (ms) { setTimeout(function () { detectLoop(active); }, ms); };
    if (busy || video.readyState < 2) { again(150); return; }
    busy = true;
    decodeFrame().then(function (found) {
      busy = false;
      if (found[0] && active === stream) { scan(found[0], true); }
      again(found[1]);
    }).catch(function () { busy = false; again(500); });
  }
  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { show({ result: "invalid", message: T.camera_error }); return; }
    starting = true;  // a second tap while the camera opens would open it twice
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s; video.srcObject = s; video.hidden = false;
        $("camera-toggle").textContent = T.camera_stop;
        return video.play();
      })
      .then(function () {
        if ("BarcodeDetector" in window) {
          return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
            detector = formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
          }).catch(function () { detector = null; });
        }
      })
      .then(function () { starting = false; detectLoop(stream); })
      .catch(function () { starting = false; stopCamera(); show({ result: "invalid", message: T.camera_error }); });
  }
  $("camera-toggle").addEventListener("click", function () {
    if (starting) { return; }
    if (stream) { stopCamera(); } else { startCamera(); }
  });

  /* --- start ----------------------------------------------------------------------------------------- */
  if ("serviceWorker" in navigator && cfg.swUrl) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept") { root.dataset.offlineReady = "true"; }
    });
    navigator.serviceWorker.register(cfg.swUrl, { scope: cfg.swScope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        if (navigator.onLine && registration.active) {
          registration.active.postMessage({ type: "keep", urls: [location.href, cfg.offlineUrl] });
        }
      }).catch(function () {});
  }
  window.checkinScanner = { scan: scan, decideCode: decideCode };
  window.addEventListener("online", function () { setOnline(true); sync(); loadPackage(); });
  window.addEventListener("offline", function () { setOnline(false); });
  setOnline(navigator.onLine);
  writeQueue(readQueue());
  loadPackage();
  refreshCounts();
  sync();
  setInterval(function () { refreshCounts(); sync(); }, 5000);
  // the offline list refreshed in the background, and its age kept current
  setInterval(function () { if (navigator.onLine) { loadPackage(); } else { showPackageAge(); } }, 60000);
})();
