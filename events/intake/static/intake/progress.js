/* The import page's progress bar: asks the server how far the import is every second and reloads the
   page when it has finished (the result is rendered by the server). No inline script (CSP). */
(function () {
  "use strict";
  var root = document.getElementById("import-progress");
  if (!root || (root.dataset.state !== "queued" && root.dataset.state !== "running")) { return; }
  var bar = document.getElementById("import-bar");
  var count = document.getElementById("import-count");
  function poll() {
    fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 3000); return; }
        if (data.state !== "queued" && data.state !== "running") { window.location.reload(); return; }
        bar.max = data.total || 1;
        bar.value = data.done;
        count.textContent = data.done + " / " + data.total;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
