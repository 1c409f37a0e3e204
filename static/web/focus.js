// Gloss: the keyboard focus does not fall to the page's body when the
// element that has it goes: a button that deletes its own row (a mention's
// ×, a label row's remove), Cancel or Delete in the item's details, a
// confirmation's Keep, a button hidden by what it did. The
// browser would leave the focus with the body, and a keyboard or screen
// reader user would start again from the top of the page. Like inert.js,
// this watches the page rather than each component, so every such action is
// covered; and it moves the focus at once, after the render's changes
// (go-app drops what a handler of a removed element asks to do after the
// render). The app's own focus requests run later and win. The focus goes
// to, in this order:
//   - the element that had the focus when the thing that went was shown,
//     unless that is a section (the item's details, shown by many things):
//     the Remove that asked for a confirmation;
//   - in a list, the next item, else the previous one (on a control of the
//     same class: × after ×), of the list or of a list around it, up to
//     the section;
//   - the heading of that list's section ("0 mentions");
//   - the article's text (Cancel or Delete in the item's details).
// Nothing moves when a dialog goes (the app gives the focus back to what
// opened it) or when the page changes (a link); when the client takes over
// the server's page, the part below gives the focus back.
(() => {
  "use strict";
  const focusable = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const boundary = "section, aside, form, main, dialog, [role=dialog], body";
  let had = null; // the element that had the focus last
  let page = ""; // the page it had it on
  let early = false; // whether it had it on the server's page (the takeover below keeps it)
  const openers = new WeakMap(); // a shown element → what had the focus then
  document.addEventListener("focusin", (e) => {
    had = e.target;
    page = location.href;
    early = !!document.getElementById("app-wasm-loader");
  });
  const usable = (el) =>
    el && el.isConnected && !el.disabled && !el.closest("[hidden], [inert]") && el.getClientRects().length > 0;
  const gone = (el) => !el.isConnected || !!el.closest("[hidden]");
  // within returns what in el (el too) takes the focus, of had's class first.
  const within = (el) => {
    if (el.nodeType !== 1) {
      return null;
    }
    const all = [...(el.matches(focusable) ? [el] : []), ...el.querySelectorAll(focusable)].filter(usable);
    return all.find((x) => x.className === had.className) || all[0];
  };
  const siblings = (from, step) => {
    for (let n = from; n; n = n[step]) {
      const found = n.isConnected && within(n);
      if (found) {
        return found;
      }
    }
    return null;
  };
  // target returns where the focus goes now that node (had, or what held
  // it) went from parent, between prev and next.
  const target = (node, parent, prev, next) => {
    let list = false; // whether what went was in a list
    for (;;) {
      if (node.nodeType === 1 && node.matches('[role=dialog], [aria-modal="true"]')) {
        return null;
      }
      const opener = openers.get(node);
      if (usable(opener)) {
        return opener;
      }
      if (!parent || gone(parent)) {
        // What held it went too: go on from the outermost that went.
        let up = parent;
        while (up && up.parentElement && gone(up.parentElement)) {
          up = up.parentElement;
        }
        if (!up || !up.isConnected) {
          break;
        }
        [node, parent, prev, next] = [up, up.parentElement, up.previousSibling, up.nextSibling];
        continue;
      }
      if (node.nodeType === 1 && node.matches(boundary)) {
        break;
      }
      if (parent.matches("ul, ol")) {
        list = true;
        const found = siblings(next, "nextSibling") || siblings(prev, "previousSibling");
        if (found) {
          return found;
        }
      }
      if (parent.matches(boundary)) {
        if (!list) {
          break;
        }
        const heading = parent.querySelector("h1, h2, h3");
        if (usable(heading)) {
          if (!heading.hasAttribute("tabindex")) {
            heading.tabIndex = -1;
          }
          return heading;
        }
        break;
      }
      [node, parent, prev, next] = [parent, parent.parentElement, parent.previousSibling, parent.nextSibling];
    }
    const text = document.getElementById("article-text");
    return usable(text) ? text : null;
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.attributeName === "hidden" && !r.target.hidden && !r.target.matches(boundary)) {
        const active = document.activeElement;
        if (active && active !== document.body && !r.target.contains(active)) {
          openers.set(r.target, active);
        }
      }
    }
    const active = document.activeElement;
    if (!had || early || (active && active !== document.body && active !== had) || !gone(had) || page !== location.href) {
      return;
    }
    let to;
    if (had.isConnected) {
      let node = had;
      while (node.parentElement && node.parentElement.closest("[hidden]")) {
        node = node.parentElement;
      }
      to = target(node, node.parentElement, node.previousSibling, node.nextSibling);
    } else {
      const r = records.findLast((r) =>
        r.target.isConnected && [...r.removedNodes].some((n) => n === had || n.contains(had)));
      if (!r) {
        return;
      }
      const node = [...r.removedNodes].find((n) => n === had || n.contains(had));
      to = target(node, r.target, r.previousSibling, r.nextSibling);
    }
    had = null;
    if (to) {
      to.focus({ preventScroll: true });
      if (to.id !== "article-text") {
        to.scrollIntoView({ block: "nearest" });
      }
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["hidden"],
  });
})();

// Gloss: what a user types into the page the server sent, before the client
// runs (the sign-in form, the library's filter, a pasted article), where
// the focus was and a selection in the article's text survive the client
// taking the page over. The client's first
// render puts new elements in place of the server's, empty and unfocused;
// the elements of the same id get the typed values back, with an input and
// a change event so that the client's components hear of them, and the
// focus with its selection; the text's selection goes to the same code
// points of the client's paragraphs, as often as the client replaces them
// while it starts, until the user clicks or presses a key. Only what was typed while the server's page was
// up (go-app's loader still on it) is kept, for a few seconds after the
// takeover: a later render of the client never gets old values back.
(() => {
  "use strict";
  const loading = () => !!document.getElementById("app-wasm-loader");
  if (!loading()) {
    return;
  }
  const typed = new Map(); // id → the server's element typed into
  let focused = null; // the server's element that had the focus
  document.addEventListener("input", (e) => {
    if (loading() && e.isTrusted && e.target.id) {
      typed.set(e.target.id, e.target);
    }
  }, true);
  document.addEventListener("change", (e) => {
    if (loading() && e.isTrusted && e.target.id && e.target.type === "file") {
      typed.set(e.target.id, e.target);
    }
  }, true);
  document.addEventListener("focusin", (e) => {
    if (loading()) {
      focused = e.target.id ? e.target : null;
    }
  });
  // A selection in the article's text, as its paragraph's index and code
  // points into it at each end: the client's paragraphs are the same.
  let selected = null;
  const textPoint = (node, offset) => {
    const p = (node.nodeType === 1 ? node : node.parentElement)?.closest("#article-text p[data-index]");
    if (!p) {
      return null;
    }
    const r = document.createRange();
    r.setStart(p, 0);
    r.setEnd(node, offset);
    return [p.dataset.index, [...r.toString()].length, p];
  };
  const domPoint = ([index, n, old]) => {
    if (old.isConnected) {
      return null; // the server's paragraph is still up
    }
    const p = document.querySelector(`#article-text p[data-index="${index}"]`);
    const walk = p && document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let t = walk?.nextNode(); t; t = walk.nextNode()) {
      const cps = [...t.data];
      if (n <= cps.length) {
        return [t, cps.slice(0, n).join("").length];
      }
      n -= cps.length;
    }
    return null;
  };
  document.addEventListener("selectionchange", () => {
    const sel = getSelection();
    if (loading() && sel.rangeCount && !sel.isCollapsed) {
      const r = sel.getRangeAt(0), from = textPoint(r.startContainer, r.startOffset), to = textPoint(r.endContainer, r.endOffset);
      selected = from && to ? [from, to] : null;
    }
  });
  const acts = () => {
    selected = null; // a new selection starts, or none, or the user acts on it
  };
  document.addEventListener("pointerdown", acts, true);
  document.addEventListener("keydown", () => loading() || acts(), true);
  let until = 0; // when to stop looking for the client's elements
  const observer = new MutationObserver(() => {
    if (loading()) {
      return;
    }
    until ||= Date.now() + 5000;
    for (const [id, old] of typed) {
      const now = document.getElementById(id);
      if (!now || now === old) {
        continue;
      }
      typed.delete(id);
      if (old.type === "file") {
        now.files = old.files;
      } else if (old.type === "checkbox" || old.type === "radio") {
        now.checked = old.checked;
      } else if (now.value === "") {
        now.value = old.value;
      }
      now.dispatchEvent(new Event("input", { bubbles: true }));
      now.dispatchEvent(new Event("change", { bubbles: true }));
    }
    const now = focused && document.getElementById(focused.id);
    if (now && now !== focused && (!document.activeElement || document.activeElement === document.body)) {
      now.focus({ preventScroll: true });
      if (typeof focused.selectionStart === "number" && typeof now.setSelectionRange === "function") {
        try {
          now.setSelectionRange(focused.selectionStart, focused.selectionEnd, focused.selectionDirection);
        } catch {} // a field whose type has no selection (email, number)
      }
      focused = null;
    }
    const sel = getSelection();
    const from = selected && domPoint(selected[0]), to = selected && domPoint(selected[1]);
    if (from && to) {
      // The client may replace its text again as it starts: the selection
      // follows until the user acts or the takeover ends.
      selected[0][2] = from[0].parentElement.closest("p");
      selected[1][2] = to[0].parentElement.closest("p");
      if (sel.isCollapsed) {
        const r = document.createRange();
        r.setStart(...from);
        r.setEnd(...to);
        sel.removeAllRanges();
        sel.addRange(r);
      }
    }
    if ((typed.size === 0 && !focused && !selected) || Date.now() > until) {
      observer.disconnect();
    }
  });
  observer.observe(document.documentElement, { subtree: true, childList: true });
})();
