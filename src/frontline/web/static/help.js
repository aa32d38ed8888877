// The contact form suggests published articles while the customer types (search as you type).
(function () {
  "use strict";
  const box = document.getElementById("contact-text");
  const panel = document.getElementById("suggestions");
  if (!box || !panel) return;
  const list = panel.querySelector("ul");
  let timer = null;
  let asked = "";
  async function suggest() {
    const q = box.value.trim();
    if (q.length < 8 || q === asked) return;
    asked = q;
    const response = await fetch("/api/v1/kb/search?limit=3&q=" + encodeURIComponent(q.slice(0, 500)));
    if (!response.ok || q !== asked) return;
    const results = (await response.json()).filter((r) => r.score >= 0.35);
    list.replaceChildren();
    for (const r of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = r.url + "?question=" + encodeURIComponent(q.slice(0, 1000));
      link.textContent = r.title;
      const snippet = document.createElement("p");
      snippet.textContent = new DOMParser().parseFromString(r.snippet, "text/html").body.textContent;
      item.append(link, snippet);
      list.append(item);
    }
    panel.hidden = results.length === 0;
  }
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 250);
  });
})();
