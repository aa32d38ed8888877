/* Frontline chat widget. Embed with one tag:  <script src="https://support.example/widget.js" async></script>
 * Optional attributes: data-title, data-customer-name, data-customer-email.
 * A host site where the customer is logged in vouches for them (docs/security.md) with
 * data-customer-signature (and data-customer-email or data-customer-external-id), or a signed
 * JWT in data-customer-identity-token, or by setting window.FrontlineIdentity =
 * {email | external_id, signature} or {token} before this script loads.
 * The conversation's customer token is kept in localStorage and sent on every reconnect.
 * No dependencies. Every text from the network is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";
  if (window.__frontlineWidget) return;
  window.__frontlineWidget = true;

  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  var base = new URL(script.src, location.href);
  var wsUrl = (base.protocol === "https:" ? "wss://" : "ws://") + base.host + "/widget/ws";
  var title = script.getAttribute("data-title") || "Chat with us";
  var signed = window.FrontlineIdentity || {};
  var customer = {
    name: script.getAttribute("data-customer-name") || undefined,
    email: signed.email || script.getAttribute("data-customer-email") || undefined,
    external_id: signed.external_id || script.getAttribute("data-customer-external-id") || undefined,
    signature: signed.signature || script.getAttribute("data-customer-signature") || undefined,
    identity_token: signed.token || script.getAttribute("data-customer-identity-token") || undefined,
  };
  var STORE = "frontline-chat:" + base.host;
  var state = load();
  var socket = null;
  var retry = 500;
  var seen = {};
  var typingTimer = null;
  var lastTypingSent = 0;

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  state.outbox = state.outbox || [];
  state.transcript = state.transcript || [];

  var css = [
    ".flw-launch{position:fixed;right:16px;bottom:16px;z-index:2147483000;border:0;border-radius:999px;padding:12px 18px;background:#2458c6;color:#fff;font:600 15px system-ui,sans-serif;box-shadow:0 2px 8px #0004;cursor:pointer}",
    ".flw-panel{position:fixed;right:16px;bottom:72px;z-index:2147483000;width:360px;max-width:calc(100vw - 32px);height:520px;max-height:calc(100vh - 96px);display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 4px 24px #0004;font:15px/1.4 system-ui,sans-serif;color:#1f2933;overflow:hidden}",
    ".flw-panel[hidden]{display:none}",
    ".flw-head{display:flex;align-items:center;justify-content:space-between;background:#2458c6;color:#fff;padding:10px 14px}",
    ".flw-head h2{font-size:16px;margin:0}",
    ".flw-close{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}",
    ".flw-conn{font-size:12px;opacity:.85}",
    ".flw-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;list-style:none;margin:0}",
    ".flw-msg{max-width:80%;padding:8px 10px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".flw-in{align-self:flex-end;background:#2458c6;color:#fff}",
    ".flw-out{align-self:flex-start;background:#eef2f7}",
    ".flw-pending{opacity:.6}",
    ".flw-err{align-self:center;color:#8a1c1c;font-size:13px}",
    ".flw-options{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}",
    ".flw-options button{border:1px solid #2458c6;background:#fff;color:#2458c6;border-radius:999px;padding:4px 10px;cursor:pointer;font:inherit}",
    ".flw-typing{padding:0 12px 6px;font-size:13px;color:#616e7c;font-style:italic}",
    ".flw-form{display:flex;gap:6px;border-top:1px solid #d9dee3;padding:8px}",
    ".flw-form textarea{flex:1;resize:none;font:inherit;border:1px solid #d9dee3;border-radius:8px;padding:6px 8px;min-height:38px}",
    ".flw-form button{border:0;border-radius:8px;background:#2458c6;color:#fff;padding:0 14px;font:inherit;cursor:pointer}",
    ".flw-panel :focus-visible,.flw-launch:focus-visible{outline:3px solid #f5a623;outline-offset:1px}",
    ".flw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "@media (max-width:480px){.flw-panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}}",
  ].join("\n");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var style = el("style"); style.textContent = css; document.head.appendChild(style);
  var launch = el("button", { type: "button", "class": "flw-launch", "aria-expanded": "false", "aria-controls": "flw-panel" }, title);
  var panel = el("section", { id: "flw-panel", "class": "flw-panel", role: "dialog", "aria-label": title, hidden: "" });
  var head = el("div", { "class": "flw-head" });
  var h = el("h2", {}, title);
  var conn = el("span", { "class": "flw-conn", role: "status" }, "");
  var close = el("button", { type: "button", "class": "flw-close", "aria-label": "Close chat" }, "×");
  head.appendChild(h); head.appendChild(conn); head.appendChild(close);
  var log = el("ol", { "class": "flw-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
  var typing = el("div", { "class": "flw-typing", "aria-live": "polite", hidden: "" }, "Agent is typing…");
  var options = el("div", { "class": "flw-options", role: "group", "aria-label": "Quick replies" });
  var form = el("form", { "class": "flw-form" });
  var label = el("label", { "for": "flw-input", "class": "flw-sr" }, "Your message");
  var input = el("textarea", { id: "flw-input", rows: "1", maxlength: "2000", placeholder: "Type a message…" });
  var send = el("button", { type: "submit" }, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  [head, log, typing, options, form].forEach(function (n) { panel.appendChild(n); });
  document.body.appendChild(launch); document.body.appendChild(panel);

  function setOpen(open) {
    panel.hidden = !open;
    launch.setAttribute("aria-expanded", String(open));
    if (open) { input.focus(); connect(); } else { launch.focus(); }
  }
  launch.addEventListener("click", function () { setOpen(panel.hidden); });
  close.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });

  function render(message, pending) {
    var key = message.id || ("client:" + message.client_id);
    if (message.client_id && seen["client:" + message.client_id] && message.id) {
      var old = seen["client:" + message.client_id];
      old.classList.remove("flw-pending");
      old.setAttribute("data-id", message.id);
      seen[message.id] = old;
      return;
    }
    if (seen[key]) return;
    var li = el("li", {
      "class": "flw-msg " + (message.direction === "inbound" ? "flw-in" : "flw-out") + (pending ? " flw-pending" : ""),
    }, message.text);
    if (message.id) li.setAttribute("data-id", message.id);
    seen[key] = li;
    if (message.client_id) seen["client:" + message.client_id] = li;
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    if (message.direction === "outbound") showOptions(message.options || []);
  }

  function remember(message) {
    if (!message.id) return;
    if (state.transcript.some(function (m) { return m.id === message.id; })) return;
    state.transcript.push({ id: message.id, direction: message.direction, text: message.text, client_id: message.client_id, options: message.options });
    state.transcript = state.transcript.slice(-200);
    if (!state.last_id || message.id > state.last_id) state.last_id = message.id;
    save();
  }

  function showOptions(list) {
    options.textContent = "";
    list.forEach(function (text) {
      var b = el("button", { type: "button" }, text);
      b.addEventListener("click", function () { submit(text); });
      options.appendChild(b);
    });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return "w-" + crypto.randomUUID();
    return "w-" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function submit(text) {
    text = text.trim();
    if (!text) return;
    var item = { client_id: newId(), text: text };
    state.outbox.push(item); save();
    render({ client_id: item.client_id, direction: "inbound", text: text }, true);
    showOptions([]);
    flush();
  }

  function flush() {
    if (!socket || socket.readyState !== 1 || !state.ready) return;
    // Until the first message has made a conversation, send only that one.
    var batch = state.conversation_id ? state.outbox : state.outbox.slice(0, 1);
    batch.forEach(function (item) {
      var frame = { type: "message", text: item.text, client_id: item.client_id };
      if (!state.conversation_id) frame.customer = customer;
      socket.send(JSON.stringify(frame));
    });
  }

  function onFrame(frame) {
    if (frame.type === "ready") {
      state.ready = true;
      if (!frame.conversation_id) { state.conversation_id = null; state.token = null; }
      (frame.messages || []).forEach(function (m) { render(m); remember(m); });
      flush();
    } else if (frame.type === "ack") {
      var first = !state.conversation_id;
      state.conversation_id = frame.conversation_id; state.token = frame.token;
      state.outbox = state.outbox.filter(function (i) { return i.client_id !== frame.client_id; });
      render(frame.message); remember(frame.message); save();
      if (first) flush();
    } else if (frame.type === "message") {
      render(frame.message); remember(frame.message);
      if (frame.message.direction === "outbound") typing.hidden = true;
    } else if (frame.type === "typing") {
      typing.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typing.hidden = true; }, 4000);
    } else if (frame.type === "error") {
      if (frame.client_id) {
        state.outbox = state.outbox.filter(function (i) { return i.client_id !== frame.client_id; });
        save();
      }
      log.appendChild(el("li", { "class": "flw-msg flw-err", role: "alert" }, frame.message));
    }
  }

  function connect() {
    if (socket && socket.readyState <= 1) return;
    conn.textContent = "connecting…";
    state.ready = false;
    socket = new WebSocket(wsUrl);
    socket.onopen = function () {
      retry = 500;
      conn.textContent = "";
      panel.setAttribute("data-connected", "true");
      socket.send(JSON.stringify({ type: "hello", conversation_id: state.conversation_id, token: state.token, after: state.last_id }));
    };
    socket.onmessage = function (m) { try { onFrame(JSON.parse(m.data)); } catch (e) { /* a bad frame */ } };
    socket.onclose = function () {
      panel.setAttribute("data-connected", "false");
      conn.textContent = "reconnecting…";
      state.ready = false;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); submit(input.value); input.value = ""; });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });
  input.addEventListener("input", function () {
    var now = Date.now();
    if (socket && socket.readyState === 1 && state.conversation_id && now - lastTypingSent > 2000) {
      lastTypingSent = now;
      socket.send(JSON.stringify({ type: "typing" }));
    }
  });

  // Show what this browser already has, then resume from the last message seen.
  state.transcript.forEach(function (m) { render(m); });
  state.outbox.forEach(function (i) { render({ client_id: i.client_id, direction: "inbound", text: i.text }, true); });
  if (state.conversation_id || state.outbox.length) connect();
  window.FrontlineWidget = { open: function () { setOpen(true); }, close: function () { setOpen(false); } };
})();
