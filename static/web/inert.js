// Gloss: while a modal dialog (aria-modal="true", not inside a hidden
// element) is open, everything else on the page is inert: it cannot be
// focused, clicked or read by a screen reader, so aria-hidden is not needed.
// Whatever opens a dialog (the ? sheet, the label editor, a delete or
// sign-out confirmation) is covered, because this watches the page rather
// than each component: each sibling of the dialog and of its ancestors gets
// inert (and data-dialog-inert, to know which to give back), and loses it
// when the dialog closes. An element the app re-renders meanwhile is made
// inert again on the same mutation. It runs in a microtask after each
// change; the app may give the focus back in the same task that closed the
// dialog, before that microtask, so focus() on an element made inert here
// first brings the page up to date (a focus that lands nowhere leaves the
// page's keys with the body).
(() => {
  "use strict";
  const mark = "data-dialog-inert";
  const openDialog = () => {
    const all = document.querySelectorAll('[aria-modal="true"]');
    for (let i = all.length - 1; i >= 0; i--) {
      if (!all[i].closest("[hidden]")) {
        return all[i];
      }
    }
    return null;
  };
  const update = () => {
    const dialog = openDialog();
    const behind = new Set();
    if (dialog) {
      for (let el = dialog; el.parentElement && el !== document.body; el = el.parentElement) {
        for (const sibling of el.parentElement.children) {
          if (sibling !== el) {
            behind.add(sibling);
          }
        }
      }
    }
    for (const el of document.querySelectorAll("[" + mark + "]")) {
      if (!behind.has(el)) {
        el.removeAttribute(mark);
        el.inert = false;
      }
    }
    for (const el of behind) {
      if (!el.inert) {
        el.setAttribute(mark, "");
        el.inert = true;
      }
    }
  };
  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (options) {
    if (this.closest("[" + mark + "]")) {
      update();
    }
    return focus.call(this, options);
  };
  const observer = new MutationObserver(update);
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["hidden", "aria-modal"],
  });
  update();
})();
