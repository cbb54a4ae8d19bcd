/* The live step page: what htmx (static/htmx.min.js) does not do by itself. Every page works
   without this file; it only adds to them:
   - links of the step bar and tabs save typed answers on the way (save and go), and leaving the
     page otherwise asks first;
   - a field being typed in keeps its text when the checked step is swapped in around it;
   - after a row is added or removed, focus goes to the row, and a screen reader hears the news;
   - a "none" checkbox and the boxes it stands beside exclude each other. */
(function () {
  "use strict";
  var form = document.querySelector("form.wizard-form[data-live]");
  if (!form) {
    return;
  }
  var status = document.getElementById("live-status");
  var dirty = form.hasAttribute("data-unsaved");
  var kept = null;

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  form.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-goto]");
    if (!link || !dirty || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;  // nothing to save, or a new tab or window: the typed answers stay here
    }
    event.preventDefault();
    var goto = document.createElement("input");
    goto.type = "hidden";
    goto.name = "goto";
    goto.value = link.getAttribute("data-goto");
    form.appendChild(goto);
    dirty = false;
    form.submit();
  });

  // A box ticked beside "None of these" unticks it, and the other way round (capture: before htmx
  // reads the form for the check).
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.checked || box.type !== "checkbox" || !box.closest("fieldset.checkboxes")) {
      return;
    }
    if (/__none$/.test(box.name)) {
      form.querySelectorAll('input[name="' + box.name.replace(/__none$/, "") + '"]').forEach(function (other) {
        other.checked = false;
      });
    } else {
      var none = document.getElementById(box.name + "__none");
      if (none) {
        none.checked = false;
      }
    }
  }, true);

  // htmx restores focus to the field with the same id; its text is as it was when the check was
  // asked for, so what was typed since is put back.
  document.body.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    kept = active && active.id && form.contains(active) && active.closest("#step-body")
      ? { id: active.id, value: active.value, checked: active.checked,
          start: active.selectionStart, end: active.selectionEnd }
      : null;
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    restoreTyping();
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    var action = trigger && trigger.name === "action" ? trigger.value : "";
    if (action) {
      dirty = true;
      focusRowAfter(action);
    }
    var body = document.getElementById("step-body");
    announce(body ? body.getAttribute("data-note") : "", false);
  });

  document.body.addEventListener("htmx:responseError", function () {
    announce("The answers could not be checked just now (the page may be out of date). Save still keeps them.", true);
  });
  document.body.addEventListener("htmx:sendError", function () {
    announce("The server could not be reached to check the answers. Save when it is back.", true);
  });

  function restoreTyping() {
    var field = kept && document.getElementById(kept.id);
    if (!field) {
      return;
    }
    if (document.activeElement !== field) {
      field.focus();
    }
    if (field.type === "checkbox") {
      field.checked = kept.checked;
      return;
    }
    if (field.value !== kept.value) {
      field.value = kept.value;
    }
    // The selection too, even when the text is unchanged: a value selected to be typed over must
    // still be selected, or the typing lands in front of it.
    if (typeof kept.start === "number" && field.setSelectionRange) {
      field.setSelectionRange(kept.start, kept.end);
    }
  }

  function focusRowAfter(action) {
    var cards = form.querySelectorAll("#step-body .row-card");
    var index = action === "add" ? cards.length - 1 : Number(action.replace("remove-", ""));
    var card = cards[Math.min(index, cards.length - 1)];
    var target = card ? card.querySelector("input:not([type=hidden]), select") : null;
    target = target || form.querySelector("#rows-end button");
    if (target) {
      target.focus();
      target.scrollIntoView({ block: "center" });
    }
  }

  function announce(text, problem) {
    if (!status) {
      return;
    }
    status.className = problem ? "notice live-problem" : "visually-hidden";
    if (text && status.textContent !== text) {
      status.textContent = text;
    }
  }
}());
