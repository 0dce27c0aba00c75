{% load static %}/* The door scanner's service worker: the scanner page, its scripts and styles and the event's offline
   package are kept in a cache, so that the page opens and scans with no network after one online
   visit. Network first (the door sees fresh counts and lists whenever it can), the cache when the
   network fails. Served by a view under /checkin/ so that its scope covers the scanner page. */
"use strict";

var CACHE = "checkin-scanner-{{ version }}";
var PRECACHE = [
  "{% static 'events/site.css' %}",
  "{% static 'checkin/scanner.css' %}",
  "{% static 'checkin/scanner.js' %}",
  "{% static 'checkin/ticket.js' %}",
  "{% static 'checkin/icon.svg' %}",{% if decoder_url %}
  "{{ decoder_url }}",{% endif %}
  "{% url 'checkin:web_manifest' %}"
];
var SCANNER = "{% url 'checkin:scanner' %}";
var OFFLINE_PACKAGE = /\/api\/v1\/checkin\/events\/[^/]+\/offline\/$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf("checkin-scanner-") === 0 && key !== CACHE; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(request) {
  if (request.method !== "GET") { return false; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return false; }
  if (request.mode === "navigate") { return url.pathname === SCANNER; }
  return PRECACHE.indexOf(url.pathname) >= 0 || OFFLINE_PACKAGE.test(url.pathname);
}

/* The page asks, once the worker is ready, to keep itself and its event's package: on the first visit they
   were fetched before this worker controlled the page. Answers "kept" when both are in the cache. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) { return; }
  var urls = data.urls.filter(function (url) { return new URL(url, self.location.href).origin === self.location.origin; });
  var source = event.source;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) { return cache.put(url, response); }
        throw new Error("not kept");
      });
    }));
  }).then(function () { if (source) { source.postMessage({ type: "kept" }); } }).catch(function () {}));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!kept(request)) { return; }
  event.respondWith(fetch(request).then(function (response) {
    // Only a real answer replaces the kept one (not a login redirect, not an error page).
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        // The scanner page of another session than the one kept: the page kept last will do.
        return hit || (request.mode === "navigate" ? cache.match(SCANNER, { ignoreSearch: true }) : undefined);
      });
    }).then(function (hit) { return hit || Response.error(); });
  }));
});
