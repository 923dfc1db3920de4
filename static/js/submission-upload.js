// Attachment upload with a progress bar and a retry button after a dropped connection.
// Progressive enhancement: without this script the form is an ordinary multipart POST.
// The chosen file stays in the input after a failure, so "Coba lagi" resends it without choosing again.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    if (!window.FormData || !window.XMLHttpRequest) { return; }
    var progressBox = form.querySelector(".upload-progress");
    var progress = form.querySelector(".upload-progress progress");
    var status = form.querySelector(".upload-status");
    var submit = form.querySelector(".upload-submit");
    var retry = form.querySelector(".upload-retry");
    var busy = false;

    function setStatus(text, isError) {
      status.textContent = text || "";
      status.classList.toggle("is-error", !!isError);
    }

    function clearFieldErrors() {
      form.querySelectorAll(".upload-js-error").forEach(function (node) { node.remove(); });
      form.querySelectorAll(".is-invalid").forEach(function (node) { node.classList.remove("is-invalid"); });
    }

    function showErrors(errors) {
      clearFieldErrors();
      var general = [];
      Object.keys(errors || {}).forEach(function (name) {
        var input = form.querySelector("[name='" + name + "']");
        errors[name].forEach(function (message) {
          if (input) {
            input.classList.add("is-invalid");
            var note = document.createElement("div");
            note.className = "invalid-feedback d-block upload-js-error";
            note.textContent = message;
            input.insertAdjacentElement("afterend", note);
          } else {
            general.push(message);
          }
        });
      });
      setStatus(general.join(" "), general.length > 0);
    }

    function finish() {
      busy = false;
      submit.disabled = false;
    }

    function send() {
      if (busy) { return; }
      busy = true;
      submit.disabled = true;
      retry.classList.add("d-none");
      clearFieldErrors();
      progressBox.classList.remove("d-none");
      progressBox.setAttribute("aria-hidden", "false");
      progress.value = 0;
      setStatus(form.getAttribute("data-msg-sending"), false);

      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action, true);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.timeout = 10 * 60 * 1000;
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          progress.value = Math.round((event.loaded / event.total) * 100);
          setStatus(form.getAttribute("data-msg-sending") + " " + progress.value + "%", false);
        }
      });
      xhr.addEventListener("load", function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (error) { data = null; }
        if (xhr.status >= 200 && xhr.status < 300 && data && data.ok) {
          progress.value = 100;
          setStatus(form.getAttribute("data-msg-done"), false);
          window.location.assign(data.redirect);
          return;
        }
        finish();
        progressBox.classList.add("d-none");
        if (data && data.errors) {
          showErrors(data.errors);
        } else {
          // An unexpected answer (proxy error page, session ended): let the person try again.
          setStatus(form.getAttribute("data-msg-failed"), true);
          retry.classList.remove("d-none");
        }
      });
      function failed() {
        finish();
        setStatus(form.getAttribute("data-msg-failed"), true);
        retry.classList.remove("d-none");
        retry.focus();
      }
      xhr.addEventListener("error", failed);
      xhr.addEventListener("timeout", failed);
      xhr.addEventListener("abort", failed);
      xhr.send(new FormData(form));
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    retry.addEventListener("click", send);
  });
})();
