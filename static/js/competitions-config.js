// Committee configuration pages: add formset rows, show the live sum of weights, dim rows marked for
// deletion. Progressive enhancement only: every page works without it (one extra empty row is rendered).
(function () {
  "use strict";

  function addRow(prefix) {
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!body || !template || !total) { return; }
    var index = parseInt(total.value, 10);
    var wrapper = document.createElement("div");
    wrapper.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = wrapper.firstElementChild;
    while (wrapper.firstElementChild) { body.appendChild(wrapper.firstElementChild); }
    total.value = String(index + 1);
    if (row) {
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    }
    updateTotals();
  }

  function isDeleted(input) {
    var row = input.closest(".cmp-row");
    if (!row) { return false; }
    var del = row.querySelector('input[type=checkbox][name$="-DELETE"]');
    return !!(del && del.checked);
  }

  function parseNumber(text) {
    var value = parseFloat(String(text || "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  }

  function formatNumber(value) {
    var rounded = Math.round(value * 100) / 100;
    return String(rounded).replace(".", ",");
  }

  function updateTotals() {
    document.querySelectorAll("[data-weight-total]").forEach(function (box) {
      var scope = box.closest("form") || document;
      var filter = box.getAttribute("data-weight-filter");
      var sum = 0;
      scope.querySelectorAll("[data-weight-input]").forEach(function (input) {
        if (isDeleted(input)) { return; }
        if (filter) {
          var row = input.closest(".cmp-row");
          var kind = row ? row.querySelector('select[name$="-kind"]') : null;
          if (kind && kind.value !== filter) { return; }
        }
        sum += parseNumber(input.value);
      });
      var target = parseNumber(box.getAttribute("data-weight-target") || "100");
      var output = box.querySelector("[data-weight-sum]");
      if (output) { output.textContent = formatNumber(sum); }
      var ok = Math.abs(sum - target) < 0.005;
      box.classList.toggle("is-ok", ok);
      box.classList.toggle("is-off", !ok);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (button) {
      event.preventDefault();
      addRow(button.getAttribute("data-formset-add"));
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-weight-input]")) { updateTotals(); }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches('input[type=checkbox][name$="-DELETE"]')) {
      var row = target.closest(".cmp-row");
      if (row) { row.classList.toggle("cmp-row-deleted", target.checked); }
      updateTotals();
    }
    if (target.matches('select[name$="-kind"]')) { updateTotals(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('input[type=checkbox][name$="-DELETE"]:checked').forEach(function (box) {
      var row = box.closest(".cmp-row");
      if (row) { row.classList.add("cmp-row-deleted"); }
    });
    updateTotals();
  });
})();
