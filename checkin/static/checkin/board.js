// The door board: redrawn from /checkin/board/<slug>/data/ every few seconds. The chart is SVG drawn here
// (no library, no inline script: a strict CSP is set). Text goes in with textContent, never as HTML.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var SVG = "http://www.w3.org/2000/svg";
  var url = board.getAttribute("data-url");
  var every = parseInt(board.getAttribute("data-refresh-ms"), 10) || 5000;
  var text = JSON.parse(document.getElementById("board-text").textContent);
  var stamp = document.getElementById("board-stamp");
  var stampText = stamp.textContent;
  var lastAt = stamp.getAttribute("data-at");

  function el(name, className, content) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function svg(name, attributes, content) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function sessions(data) {
    var list = document.getElementById("board-sessions");
    if (!data.sessions.length) return;
    list.replaceChildren();
    data.sessions.forEach(function (s) {
      var item = el("li", s.cancelled ? "cancelled" : "");
      item.setAttribute("data-session", s.id);
      item.appendChild(el("span", "label", s.when + (s.title ? " · " + s.title : "")));
      item.appendChild(el("span", "value", String(s.checked_in)));
      var bar = el("span", "bar");
      var fill = el("span", "fill");
      fill.style.width = (data.expected ? Math.min(100, (100 * s.checked_in) / data.expected) : 0) + "%";
      bar.appendChild(fill);
      item.appendChild(bar);
      list.appendChild(item);
    });
  }

  function gates(data) {
    var list = document.getElementById("board-gates");
    if (!data.gates.length) return;
    list.replaceChildren();
    data.gates.forEach(function (g) {
      var item = el("li");
      item.appendChild(el("span", "label", g.gate));
      item.appendChild(el("span", "value", String(g.n)));
      list.appendChild(item);
    });
  }

  function chart(data) {
    var box = document.getElementById("board-chart");
    // Drawn in the box's own pixels, so that text keeps its shape on any screen.
    var width = box.clientWidth || 800, height = box.clientHeight || 260, left = 36, bottom = 24, top = 10;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    box.replaceChildren();
    var buckets = data.arrivals;
    if (!buckets.length) {
      box.appendChild(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "axis" }, text.no_arrivals));
      return;
    }
    var max = Math.max(1, Math.max.apply(null, buckets.map(function (b) { return b.n; })));
    var step = Math.pow(10, Math.floor(Math.log10(max)));
    var top_ = Math.ceil(max / step) * step;
    if (top_ > 1 && top_ % 2) top_ += step > 1 ? step : 1; // a whole number halfway up
    var plotH = height - bottom - top, plotW = width - left;
    (top_ > 1 ? [0, 0.5, 1] : [0, 1]).forEach(function (share) {
      var y = top + plotH * (1 - share);
      box.appendChild(svg("line", { x1: left, x2: width, y1: y, y2: y, class: "grid" }));
      box.appendChild(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis" }, String(Math.round(top_ * share))));
    });
    var slot = plotW / buckets.length;
    var labelEvery = Math.ceil(buckets.length / 12);
    buckets.forEach(function (b, i) {
      var h = (plotH * b.n) / top_;
      var bar = svg("rect", { x: left + i * slot + 1, y: top + plotH - h, width: Math.max(1, slot - 2), height: h, class: "bar" });
      bar.appendChild(svg("title", {}, b.t + ": " + b.n));
      box.appendChild(bar);
      if (i % labelEvery === 0) {
        box.appendChild(svg("text", { x: left + i * slot + slot / 2, y: height - 6, "text-anchor": "middle", class: "axis" }, b.t));
      }
    });
  }

  function apply(data) {
    latest = data;
    document.getElementById("board-total").textContent = String(data.total);
    sessions(data);
    gates(data);
    chart(data);
    var day = document.getElementById("board-day");
    if (day && data.day) day.textContent = data.day;
    lastAt = data.at;
    stamp.textContent = stampText.replace(/\d{1,2}:\d{2}:\d{2}/, data.at);
    stamp.classList.remove("stale");
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(apply)
      .catch(function () {
        stamp.textContent = text.stale.replace("%(time)s", lastAt);
        stamp.classList.add("stale");
      });
  }

  var latest = JSON.parse(document.getElementById("board-data").textContent);
  apply(latest);
  window.addEventListener("resize", function () { chart(latest); });
  if (window.fetch) setInterval(refresh, every);
})();
