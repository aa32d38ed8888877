// The workspace's behaviour on top of server-rendered pages: live refresh over a WebSocket,
// drafts that survive an expired session, macros, and the agent's typing indicator.
(function () {
  "use strict";
  var body = document.body;
  var page = body.dataset.page;
  var conversationId = body.dataset.conversation;
  var socket = null;
  var retry = 500;

  // A burst of events refreshes the list once.
  var inboxTimer = null;
  function refreshInbox() {
    var list = document.getElementById("inbox-list");
    if (!list || !window.htmx || inboxTimer) return;
    inboxTimer = setTimeout(function () {
      inboxTimer = null;
      htmx.ajax("GET", window.location.pathname + window.location.search, { target: "#inbox-list" });
    }, 150);
  }

  function refreshTranscript() {
    var transcript = document.getElementById("transcript");
    if (transcript && window.htmx) htmx.trigger(transcript, "live-refresh");
  }

  var typingTimer = null;
  function showTyping() {
    var el = document.getElementById("typing");
    if (!el) return;
    el.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { el.hidden = true; }, 4000);
  }

  function onEvent(event) {
    if (page === "inbox" && event.type !== "typing") refreshInbox();
    if (page === "conversation" && event.conversation_id === conversationId) {
      if (event.type === "typing") showTyping();
      else refreshTranscript();
      if (event.type === "message") {
        var el = document.getElementById("typing");
        if (el) el.hidden = true;
      }
    }
  }

  function connect() {
    if (!page) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/console/live");
    var reconnecting = body.dataset.live === "off";
    socket.onopen = function () {
      retry = 500;
      // Catch up on what changed between rendering the page (or losing the socket) and
      // subscribing; from here on, events arrive as they happen.
      if (page === "conversation") refreshTranscript();
      if (page === "inbox" && reconnecting) refreshInbox();
      body.dataset.live = "on";
    };
    socket.onmessage = function (m) {
      try { onEvent(JSON.parse(m.data)); } catch (e) { /* ignore a bad frame */ }
    };
    socket.onclose = function (e) {
      body.dataset.live = "off";
      if (e.code === 4401) return; // the session is over: the next click goes to the login
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  // Drafts: kept in this browser until the server confirms the reply was sent.
  var form = document.getElementById("reply-form");
  if (form) {
    var key = form.dataset.draftKey;
    var area = document.getElementById("reply-text");
    if (form.dataset.sent === "1") localStorage.removeItem(key);
    else if (localStorage.getItem(key) && !area.value) area.value = localStorage.getItem(key);
    var lastTyping = 0;
    area.addEventListener("input", function () {
      localStorage.setItem(key, area.value);
      var now = Date.now();
      if (socket && socket.readyState === 1 && now - lastTyping > 2000) {
        lastTyping = now;
        socket.send(JSON.stringify({ type: "typing", conversation_id: conversationId }));
      }
    });
    var macro = document.getElementById("macro");
    if (macro) {
      macro.addEventListener("change", function () {
        if (!macro.value) return;
        area.value = area.value ? area.value + "\n" + macro.value : macro.value;
        localStorage.setItem(key, area.value);
        macro.value = "";
        area.focus();
      });
    }
  }

  connect();
})();
