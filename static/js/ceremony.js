// Ceremony view: reveal the places one at a time (N -> 1) with the keyboard, a presentation clicker
// (PageDown / PageUp), a tap, or the on-screen buttons. Everything is already in the page, so it works
// offline once loaded. Without this script every place is simply listed.
(function () {
  "use strict";
  var root = document.documentElement;
  var deck = document.getElementById("cer-deck");
  if (!deck) { return; }
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".cer-slide"));
  var progress = document.getElementById("cer-progress");
  var current = 0;
  root.classList.add("js");

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      var on = i === current;
      slide.classList.toggle("is-current", on);
      slide.setAttribute("aria-hidden", on ? "false" : "true");
    });
    if (progress) { progress.textContent = (current + 1) + " / " + slides.length; }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + current);
    }
  }

  function toggleFullscreen() {
    if (!document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().catch(function () {});
    } else if (document.exitFullscreen) {
      document.exitFullscreen().catch(function () {});
    }
  }

  document.addEventListener("fullscreenchange", function () {
    root.classList.toggle("cer-fullscreen", Boolean(document.fullscreenElement));
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    switch (event.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": case "Spacebar": case "Enter": case "n": case "N":
        event.preventDefault(); show(current + 1); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace": case "p": case "P":
        event.preventDefault(); show(current - 1); break;
      case "Home": event.preventDefault(); show(0); break;
      case "End": event.preventDefault(); show(slides.length - 1); break;
      case "f": case "F": event.preventDefault(); toggleFullscreen(); break;
      default: break;
    }
  });

  deck.addEventListener("click", function (event) {
    if (event.target.closest("a, button")) { return; }
    show(current + 1);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-cer]");
    if (!button) { return; }
    var action = button.getAttribute("data-cer");
    if (action === "next") { show(current + 1); }
    if (action === "prev") { show(current - 1); }
    if (action === "fullscreen") { toggleFullscreen(); }
  });

  var start = parseInt((window.location.hash || "#0").slice(1), 10);
  show(isNaN(start) ? 0 : start);
})();
