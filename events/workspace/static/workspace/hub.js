// The event hub's numbers, fetched again every few seconds (no inline script: a strict CSP is set).
(function () {
  "use strict";
  var box = document.getElementById("hub-figures");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-url");
  var every = parseInt(box.getAttribute("data-refresh-ms"), 10) || 15000;
  var stamp = document.getElementById("hub-updated");
  var stampText = stamp ? stamp.textContent : "";

  function show(element, value) {
    var text = value === null || value === undefined ? "∞" : String(value);
    if (element.textContent !== text) {
      element.textContent = text;
      element.classList.remove("changed");
      void element.offsetWidth; // restart the highlight
      element.classList.add("changed");
    }
  }

  function apply(data) {
    Object.keys(data.figures).forEach(function (name) {
      box.querySelectorAll('[data-figure="' + name + '"]').forEach(function (element) {
        show(element, data.figures[name]);
      });
    });
    Object.keys(data.sessions).forEach(function (id) {
      var figures = data.sessions[id];
      Object.keys(figures).forEach(function (name) {
        document.querySelectorAll('[data-session="' + id + '"][data-figure="' + name + '"]').forEach(function (element) {
          show(element, figures[name]);
        });
      });
    });
    if (stamp) {
      stamp.textContent = stampText.replace(/\d{1,2}:\d{2}:\d{2}/, data.at);
      stamp.classList.remove("hub-stale");
    }
  }

  function refresh() {
    if (document.hidden) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(apply)
      .catch(function () {
        if (stamp) stamp.classList.add("hub-stale");
      });
  }

  setInterval(refresh, every);
  document.addEventListener("visibilitychange", refresh);
})();
