// Proposal form: live word counters, the application address shown only for applications, and a
// warning before leaving with unsaved changes. Progressive enhancement: the form works without it.
(function () {
  "use strict";
  var form = document.getElementById("submission-form");
  if (!form) { return; }

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  var lang = document.documentElement.lang || "id";
  function counterText(words, limit) {
    if (lang.indexOf("en") === 0) {
      return limit ? words + " of " + limit + " words" : words + " words";
    }
    return limit ? words + " dari " + limit + " kata" : words + " kata";
  }

  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) { return; }
    var limit = parseInt(counter.getAttribute("data-limit") || "0", 10);
    function update() {
      var words = countWords(field.value);
      counter.textContent = counterText(words, limit);
      counter.classList.toggle("over", limit > 0 && words > limit);
      counter.classList.toggle("near", limit > 0 && words <= limit && words >= limit * 0.9);
      field.classList.toggle("is-over-limit", limit > 0 && words > limit);
    }
    field.addEventListener("input", update);
    update();
  });

  document.querySelectorAll("[data-show-if]").forEach(function (block) {
    var toggle = document.getElementById(block.getAttribute("data-show-if"));
    if (!toggle) { return; }
    function update() { block.classList.toggle("is-hidden", !toggle.checked); }
    toggle.addEventListener("change", update);
    update();
  });

  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = form.getAttribute("data-unsaved-message") || "";
    return event.returnValue;
  });
})();
