// The workspace's knowledge-base panel: search articles beside a conversation and insert a
// link or a passage into the reply being written.
(function () {
  "use strict";
  const box = document.querySelector("[data-kb-search]");
  const list = document.getElementById("kb-results");
  const reply = document.getElementById("reply-text");
  if (!box || !list) return;
  let timer = null;
  function insert(text) {
    if (!reply) return;
    reply.value = reply.value ? reply.value.trimEnd() + "\n\n" + text : text;
    reply.dispatchEvent(new Event("input", { bubbles: true }));
    reply.focus();
  }
  function button(label, text) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", () => insert(text));
    return b;
  }
  async function search() {
    const q = box.value.trim();
    if (!q) { list.replaceChildren(); return; }
    const response = await fetch("/api/v1/kb/search?limit=5&q=" + encodeURIComponent(q.slice(0, 500)));
    if (!response.ok || box.value.trim() !== q) return;
    list.replaceChildren();
    for (const r of await response.json()) {
      const link = location.origin + r.url;
      const passage = new DOMParser().parseFromString(r.snippet, "text/html").body.textContent;
      const item = document.createElement("li");
      const title = document.createElement("a");
      title.href = r.url;
      title.target = "_blank";
      title.textContent = r.title;
      const text = document.createElement("p");
      text.textContent = passage;
      item.append(title, text, button("Insert link", r.title + ": " + link),
        button("Insert passage", passage.replace(/^…|…$/g, "") + "\n(" + r.title + ": " + link + ")"));
      list.append(item);
    }
  }
  box.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 200); });
})();
