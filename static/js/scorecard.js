// Scorecard page: live weighted total, rubric level highlight, out-of-scale hint, and a copy of unsaved
// values in this browser so a dropped connection loses nothing. The total mirrors judging/totals.py:
// sum of weight x value / max score over the scored criteria, on 0-100 (rounded to 4 places, shown with 2).
(function () {
  "use strict";
  var form = document.getElementById("scorecard-form");
  if (!form) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll(".kipp-score-input"));
  var totalOutput = document.querySelector("[data-total]");
  var filledOutput = document.querySelector("[data-filled]");
  var readonly = form.hasAttribute("data-readonly");
  var lang = document.documentElement.lang || "id";
  var storageKey = "kipp-scorecard-" + form.getAttribute("data-assignment");
  var version = parseInt(form.getAttribute("data-version"), 10) || 0;
  var dirty = false;

  function parse(text) {
    var cleaned = String(text || "").trim().replace(",", ".");
    if (cleaned === "" || !/^[-+]?\d*\.?\d+$/.test(cleaned)) { return null; }
    return parseFloat(cleaned);
  }

  function format(number) {
    return number.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function highlight(input, value) {
    var list = document.querySelector('[data-rubric-for="' + input.getAttribute("data-criterion") + '"]');
    if (!list) { return; }
    var levels = list.querySelectorAll(".kipp-rubric-level");
    var chosen = null;
    Array.prototype.forEach.call(levels, function (level) {
      level.classList.remove("active");
      level.removeAttribute("aria-current");
      var min = parseFloat(level.getAttribute("data-min"));
      if (value !== null && value >= min) { chosen = level; }
    });
    var max = parseFloat(input.getAttribute("data-max"));
    if (chosen && value <= max) {
      chosen.classList.add("active");
      chosen.setAttribute("aria-current", "true");
    }
  }

  function update() {
    var total = 0;
    var filled = 0;
    inputs.forEach(function (input) {
      var value = parse(input.value);
      var max = parseFloat(input.getAttribute("data-max"));
      var weight = parseFloat(input.getAttribute("data-weight"));
      var hint = document.querySelector('[data-range-hint="' + input.getAttribute("data-criterion") + '"]');
      var outOfScale = input.value.trim() !== "" && (value === null || value < 0 || value > max);
      if (hint) { hint.classList.toggle("d-none", !outOfScale); }
      highlight(input, value);
      if (value !== null && !outOfScale) {
        total += weight * value / max;
        filled += 1;
      }
    });
    // Half-up like the server; the epsilon keeps 4.16625 (4.1662499... as a float) from rounding down.
    total = Math.round(total * 10000 + 1e-6) / 10000;
    if (totalOutput) { totalOutput.textContent = filled ? format(total) : "–"; }
    if (filledOutput && inputs.length) {
      filledOutput.textContent = filled + "/" + inputs.length + " " + (lang.indexOf("en") === 0 ? "criteria" : "kriteria");
    }
  }

  function snapshot() {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=text], textarea"), function (field) {
      values[field.name] = field.value;
    });
    return values;
  }

  function store() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ version: version, values: snapshot() }));
    } catch (error) { /* storage full or disabled: the server copy is still there */ }
  }

  function restore() {
    var saved;
    try { saved = JSON.parse(window.localStorage.getItem(storageKey) || "null"); } catch (error) { saved = null; }
    if (!saved) { return; }
    if (saved.version !== version || readonly) {
      // The server holds a newer save (or the card is closed): the local copy is obsolete.
      window.localStorage.removeItem(storageKey);
      return;
    }
    var current = snapshot();
    var changed = Object.keys(saved.values).some(function (name) {
      return Object.prototype.hasOwnProperty.call(current, name) && current[name] !== saved.values[name];
    });
    if (!changed || form.querySelector(".is-invalid")) { return; }
    Object.keys(saved.values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && !field.disabled) { field.value = saved.values[name]; }
    });
    var notice = form.querySelector("[data-restored]");
    if (notice) {
      notice.classList.remove("d-none");
      var discard = notice.querySelector("[data-discard-restored]");
      if (discard) {
        discard.addEventListener("click", function () {
          window.localStorage.removeItem(storageKey);
          window.location.reload();
        });
      }
    }
    dirty = true;
  }

  form.addEventListener("input", function () {
    dirty = true;
    update();
    store();
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !readonly) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  restore();
  update();
  var firstError = form.querySelector(".is-invalid");
  if (firstError) { firstError.focus(); }
})();
