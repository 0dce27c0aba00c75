/* Door scanner: camera (BarcodeDetector or server decoding), handheld scanner, search by name,
   offline queue synced when the network returns. No inline script: configuration comes from data-*
   attributes and a JSON script element, so a strict Content Security Policy holds. */
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
  var offlinePackage = null;
  var lastCode = null;
  var lastCodeAt = 0;

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
  function show(answer) {
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
    $("answer-detail").textContent = detail;
    beep(kind);
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

  /* --- offline package: names to show while offline --------------------------------------------------- */
  function loadPackage() {
    try { offlinePackage = JSON.parse(localStorage.getItem(packageKey) || "null"); } catch (e) { offlinePackage = null; }
    fetch(cfg.offlineUrl, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data) { offlinePackage = data; try { localStorage.setItem(packageKey, JSON.stringify(data)); } catch (e) {} }
      }).catch(function () {});
  }
  var B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  function ticketIdOf(code) {
    if (!/^[A-Z2-7]{117}$/.test(code)) { return null; }
    var bits = 0, value = 0, bytes = [];
    for (var i = 0; i < code.length; i++) {
      value = (value << 5) | B32.indexOf(code[i]); bits += 5;
      if (bits >= 8) { bytes.push((value >>> (bits - 8)) & 255); bits -= 8; }
    }
    return bytes.slice(3, 9).map(function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function offlineAnswer(code) {
    var id = ticketIdOf(code);
    var known = null;
    if (offlinePackage && id) {
      if (offlinePackage.revoked.indexOf(id) >= 0) {
        return { result: "revoked", message: T.saved_offline, registration: null };
      }
      known = offlinePackage.tickets.filter(function (t) { return t.ticket_id === id; })[0] || null;
    }
    if (!known) { return { result: "invalid", message: T.unknown_offline + " — " + T.saved_offline, registration: null }; }
    if (known.status !== "confirmed") { return { result: known.status, message: T.saved_offline, registration: known }; }
    return { result: "queued", message: T.saved_offline, registration: { name: known.name, organisation: known.organisation, role: T.saved_offline_detail } };
  }

  function queueScan(scan) {
    var queue = readQueue();
    queue.push(scan);
    writeQueue(queue);
    show(offlineAnswer(scan.code));
  }

  function scan(code) {
    code = (code || "").trim().toUpperCase();
    if (!code) { return; }
    var now = Date.now();
    if (code === lastCode && now - lastCodeAt < 3000) { return; }  // the camera sees the same code again
    lastCode = code; lastCodeAt = now;
    var item = { code: code, session: sessionId, nonce: nonce(), scanned_at: new Date().toISOString() };
    if (!navigator.onLine) { queueScan(item); return; }
    post(cfg.scanUrl, { code: code, session: sessionId, nonce: item.nonce })
      .then(function (r) {
        if (r.status >= 500) { throw new Error("server"); }
        return r.json().then(function (data) {
          if (!r.ok) { show({ result: "invalid", message: data.detail || T.error }); return; }
          show(data);
          refreshCounts();
        });
      })
      .catch(function () { setOnline(false); queueScan(item); });
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
    lastCode = null;  // a deliberate Enter always scans
    scan(input.value);
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
      var button = document.createElement("button");
      button.type = "button"; button.className = "button";
      button.textContent = person.checked_in ? T.checked_in : T.check_in;
      button.disabled = person.checked_in;
      button.addEventListener("click", function () {
        button.disabled = true;
        post(cfg.manualUrl, { reference: person.reference, nonce: nonce() })
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
    fetch(cfg.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
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
  function decodeOnServer() {
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) { return Promise.resolve(null); }
    var scale = Math.min(1, 960 / Math.max(w, h));
    canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
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
  /* One loop per camera stream: it ends when that stream is stopped or replaced, and a frame that was
     still being decoded when "Stop camera" was pressed checks nobody in. */
  function detectLoop(active) {
    if (!active || active !== stream) { return; }
    var again = function (ms) { setTimeout(function () { detectLoop(active); }, ms); };
    if (busy || video.readyState < 2) { again(150); return; }
    busy = true;
    var found = detector
      ? detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; })
      : decodeOnServer();
    found.then(function (code) { busy = false; if (code && active === stream) { scan(code); } again(detector ? 120 : 500); })
      .catch(function () { busy = false; again(500); });
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
  window.addEventListener("online", function () { setOnline(true); sync(); });
  window.addEventListener("offline", function () { setOnline(false); });
  setOnline(navigator.onLine);
  writeQueue(readQueue());
  loadPackage();
  refreshCounts();
  sync();
  setInterval(function () { refreshCounts(); sync(); }, 5000);
})();
