// Saves the reply as the focal point types, so that nothing is lost to a timeout, a
// failed upload or a closed tab. Every change is also kept in this browser until the
// server has it. A save from an older page (a second tab) is refused by the server;
// the text stays on the page and a message says what to do.
(function () {
  "use strict";
  var form = document.getElementById("reply-form");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("save-status");
  var key = form.dataset.draftKey;
  var url = form.dataset.autosave;
  var revision = form.querySelector("input[name=revision]");
  var timer = null;
  var saving = false;
  var pending = false;
  var dirty = false;
  var waiting = [];

  function fields() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "revision") {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function say(text) { if (status) { status.textContent = text; } }

  // Messages come translated from the page, in data- attributes of the form.

  // Fields typed into before this script arrived (a slow connection): no input event
  // was heard for them, so they are saved as soon as the script runs.
  function changedSinceLoad(el) {
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    if (el.tagName === "TEXTAREA") { return el.value !== el.defaultValue; }
    if (el.tagName !== "INPUT" || el.type === "file" || el.type === "hidden") { return false; }
    if (el.type === "checkbox" || el.type === "radio") { return el.checked !== el.defaultChecked; }
    return el.value !== el.defaultValue;
  }
  var typedEarly = Array.prototype.filter.call(form.elements, function (el) {
    return el.name && changedSinceLoad(el);
  }).map(function (el) { return el.name; });

  // Offer back what this browser kept but the server never received, without
  // overwriting what was typed just now.
  try {
    var kept = JSON.parse(window.localStorage.getItem(key) || "null");
    if (kept && kept.revision === revision.value) {
      Object.keys(kept.fields).forEach(function (name) {
        if (typedEarly.indexOf(name) !== -1) { return; }
        if (form.elements[name] && form.elements[name].value !== kept.fields[name]) {
          form.elements[name].value = kept.fields[name];
        }
      });
      say(form.dataset.restored);
    }
  } catch (e) { /* storage unavailable: the server copy is enough */ }

  function keep() {
    try {
      window.localStorage.setItem(key, JSON.stringify({revision: revision.value, fields: fields()}));
    } catch (e) { /* ignore */ }
  }

  function save() {
    if (saving) { pending = true; return; }
    saving = true;
    var saved = false;
    var body = new FormData(form);
    fetch(url, {method: "POST", body: body, credentials: "same-origin",
                headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) { return {status: response.status, data: data}; });
      })
      .then(function (result) {
        if (result.status === 200) {
          saved = true;
          dirty = false;
          revision.value = result.data.revision;
          try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
          say(form.dataset.savedAt + " " + result.data.saved_at);
        } else if (result.status === 409) {
          say(result.data.conflict);
        } else {
          say(result.data.error || form.dataset.invalid);
        }
      })
      .catch(function () { say(form.dataset.offline); })
      .then(function () {
        saving = false;
        if (pending) { pending = false; save(); return; }
        // Go on to the other form only once the text is safe; otherwise stay, with the message.
        var next = waiting.splice(0);
        if (saved) { next.forEach(function (done) { done(); }); }
      });
  }

  // Another form on the page (an upload, an initiative) reloads it: save the text first.
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (other) {
    if (other === form) { return; }
    other.addEventListener("submit", function (event) {
      if (!dirty && !saving) { return; }
      event.preventDefault();
      window.clearTimeout(timer);
      waiting.push(function () { other.submit(); });
      if (!saving) { save(); }
    });
  });

  // The Save button: let a save in flight finish first, so its revision goes with it.
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    if (saving) {
      event.preventDefault();
      waiting.push(function () { form.submit(); });
    }
  });

  function changed() {
    dirty = true;
    keep();
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("input", changed);
  if (typedEarly.length) { changed(); }
})();
