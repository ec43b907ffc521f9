/* Forum writing comfort, as progressive enhancement: every form works without it.
 *
 * - A draft is kept in this browser (localStorage) while typing and put back when the
 *   form is opened again empty; it is dropped when the form is sent (not on "Náhled").
 * - @mention suggestions: typing "@" and two letters lists matching handles (from
 *   data-mention-url); arrows choose, Enter or a click inserts, Escape closes.
 */
(function () {
  "use strict";

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function setUpDraft(form, textarea) {
    var store = storage();
    var key = "forum-draft:" + form.getAttribute("data-draft-key");
    if (!store) return;
    if (!textarea.value.trim() && store.getItem(key)) {
      textarea.value = store.getItem(key);
      var note = document.createElement("p");
      note.className = "field__help";
      note.textContent = form.getAttribute("data-draft-restored") ||
        (document.documentElement.lang === "en"
          ? "We restored the draft you had not sent."
          : "Vrátili jsme sem rozepsaný text, který jste neodeslali.");
      textarea.insertAdjacentElement("afterend", note);
    }
    textarea.addEventListener("input", function () {
      if (textarea.value.trim()) store.setItem(key, textarea.value);
      else store.removeItem(key);
    });
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!submitter || submitter.name !== "nahled") store.removeItem(key);
    });
  }

  function setUpMentions(form, textarea) {
    var url = form.getAttribute("data-mention-url");
    if (!url || !window.fetch) return;
    var list = document.createElement("ul");
    list.className = "mention-suggestions";
    list.id = textarea.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    var active = -1;
    var timer = null;

    function prefixAtCaret() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|[^\w@/])@([a-z0-9][a-z0-9_-]{1,38})$/i.exec(before);
      return match ? match[2] : null;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function insert(handle) {
      var caret = textarea.selectionStart;
      var before = textarea.value.slice(0, caret).replace(/@[a-z0-9_-]*$/i, "@" + handle + " ");
      textarea.value = before + textarea.value.slice(caret);
      textarea.selectionStart = textarea.selectionEnd = before.length;
      textarea.dispatchEvent(new Event("input"));
      close();
      textarea.focus();
    }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, position) {
        item.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (items[index]) textarea.setAttribute("aria-activedescendant", items[index].id);
    }

    function show(results) {
      list.innerHTML = "";
      if (!results.length) { close(); return; }
      results.forEach(function (result, index) {
        var item = document.createElement("li");
        item.id = list.id + "-" + index;
        item.setAttribute("role", "option");
        item.textContent = "@" + result.handle + " – " + result.name;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          insert(result.handle);
        });
        list.appendChild(item);
      });
      list.hidden = false;
      highlight(0);
    }

    textarea.addEventListener("input", function () {
      var prefix = prefixAtCaret();
      window.clearTimeout(timer);
      if (!prefix) { close(); return; }
      timer = window.setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(prefix), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { show(data.results || []); })
          .catch(close);
      }, 200);
    });

    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      var count = list.querySelectorAll("li").length;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % count); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + count) % count); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        insert(list.querySelectorAll("li")[active].textContent.split(" ")[0].slice(1));
      } else if (event.key === "Escape") { close(); }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.querySelectorAll("form[data-forum-compose]").forEach(function (form) {
    var textarea = form.querySelector("textarea[name='source']");
    if (!textarea) return;
    setUpDraft(form, textarea);
    setUpMentions(form, textarea);
  });
})();
