// Copy buttons for calendar feed addresses. The buttons stay hidden without JavaScript (the address
// can still be selected and copied by hand); no inline script, so a strict CSP can apply.
(function () {
  "use strict";

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    // Older browsers and plain-http pages: select the text and use the legacy command.
    input.focus();
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function setUp(button) {
    if (button.dataset.copyReady) {
      return;
    }
    button.dataset.copyReady = "1";
    var input = document.getElementById(button.dataset.copyTarget);
    if (!input) {
      return;
    }
    var box = button.closest("[data-subscribe]");
    var status = box ? box.querySelector(".subscribe__status") : null;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(input).then(
        function () {
          if (status) {
            status.textContent = button.dataset.copiedLabel;
          }
        },
        function () {
          input.focus();
          input.select();
          if (status) {
            status.textContent = button.dataset.failedLabel;
          }
        }
      );
    });
    input.addEventListener("focus", function () {
      input.select();
    });
  }

  function init() {
    document.querySelectorAll("[data-copy-target]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
