/* A small WYSIWYG editor for the news texts in the admin: every <textarea data-rich-text> gets a toolbar
   (headings, paragraph, bold, italic, lists, quotation, link, picture) and an editable area, with a switch
   to edit the HTML itself. A static file, so the admin's Content Security Policy needs no inline script.
   The textarea keeps the HTML that is submitted; the server sanitises it on save whatever it holds. */
(function () {
  "use strict";

  var REMOVED = "script,style,iframe,object,embed,link,meta,form,input,button,textarea,select";

  // Parse in an inert document (nothing runs, nothing loads) and drop what the server would drop anyway,
  // so that the editable area never holds active content, even from a re-displayed form.
  function inert(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    doc.body.querySelectorAll(REMOVED).forEach(function (node) { node.remove(); });
    doc.body.querySelectorAll("*").forEach(function (node) {
      Array.prototype.slice.call(node.attributes).forEach(function (attribute) {
        var name = attribute.name.toLowerCase();
        var value = attribute.value.replace(/\s+/g, "").toLowerCase();
        if (name.indexOf("on") === 0 || name === "style" || value.indexOf("javascript:") === 0) {
          node.removeAttribute(attribute.name);
        }
      });
    });
    return doc.body.innerHTML;
  }

  function button(label, text, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "rich-text__button";
    element.textContent = text;
    element.title = label;
    element.setAttribute("aria-label", label);
    element.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the selection
    element.addEventListener("click", action);
    return element;
  }

  function setUp(textarea) {
    var labels = JSON.parse(textarea.getAttribute("data-rich-text-labels") || "{}");
    var wrapper = document.createElement("div");
    var toolbar = document.createElement("div");
    var editor = document.createElement("div");
    wrapper.className = "rich-text";
    toolbar.className = "rich-text__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar || "");
    editor.className = "rich-text__editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (textarea.id) {
      var label = document.querySelector("label[for='" + textarea.id + "']");
      if (label) { editor.setAttribute("aria-label", label.textContent.replace(/:$/, "")); }
    }
    editor.innerHTML = inert(textarea.value);

    function sync() { textarea.value = editor.innerHTML; }
    function run(command, value) {
      return function () {
        editor.focus();
        document.execCommand(command, false, value);
        sync();
      };
    }
    function addLink() {
      var url = window.prompt(labels.link_prompt || "https://", "https://");
      if (url && !/^\s*javascript:/i.test(url)) { run("createLink", url.trim())(); }
    }
    function addImage() {
      var url = window.prompt(labels.image_prompt || "https://", "https://");
      if (!url) { return; }
      if (!/^https:\/\//i.test(url.trim())) { window.alert(labels.image_refused || ""); return; }
      run("insertImage", url.trim())();
    }
    var showingHtml = false;
    function toggleHtml() {
      showingHtml = !showingHtml;
      if (showingHtml) {
        sync();
      } else {
        editor.innerHTML = inert(textarea.value);
      }
      editor.hidden = showingHtml;
      textarea.hidden = !showingHtml;
      toolbar.querySelectorAll("button").forEach(function (element) {
        if (element !== htmlButton) { element.disabled = showingHtml; }
      });
      htmlButton.setAttribute("aria-pressed", showingHtml ? "true" : "false");
    }

    [
      button(labels.h2, "H2", run("formatBlock", "<h2>")),
      button(labels.h3, "H3", run("formatBlock", "<h3>")),
      button(labels.p, "¶", run("formatBlock", "<p>")),
      button(labels.bold, "B", run("bold")),
      button(labels.italic, "I", run("italic")),
      button(labels.ul, "•", run("insertUnorderedList")),
      button(labels.ol, "1.", run("insertOrderedList")),
      button(labels.quote, "❝", run("formatBlock", "<blockquote>")),
      button(labels.link, labels.link, addLink),
      button(labels.unlink, labels.unlink, run("unlink")),
      button(labels.image, labels.image, addImage)
    ].forEach(function (element) { toolbar.appendChild(element); });
    var htmlButton = button(labels.html, "</>", toggleHtml);
    htmlButton.setAttribute("aria-pressed", "false");
    toolbar.appendChild(htmlButton);

    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(editor);
    wrapper.appendChild(textarea);
    textarea.hidden = true;
    editor.addEventListener("input", sync);
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () { if (!showingHtml) { sync(); } });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (error) { /* older browsers */ }
    document.querySelectorAll("textarea[data-rich-text]").forEach(setUp);
  });
})();
