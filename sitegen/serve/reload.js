(function () {
  "use strict";
  var built = "__BUILD__";
  var overlay = null;
  var panel = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function listOf(problems) {
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.2rem";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem.location + ": " + problem.message;
      list.appendChild(item);
    });
    return list;
  }
  // Errors: over the whole page, which is the last good build's (or none, before the first).
  function show(problems, good) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "sitegen-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Bygget misslyckades");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.97);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem;" +
      "overflow-wrap:anywhere";
    var heading = document.createElement("h2");
    heading.textContent = good ?
      "Bygget misslyckades – sidan visar den senaste fungerande versionen" :
      "Bygget misslyckades – rätta felen nedan, så visas webbplatsen";
    heading.style.cssText = "font:bold 1.2rem system-ui,sans-serif;color:#ff8a80;margin:0 0 1rem";
    overlay.appendChild(heading);
    overlay.appendChild(listOf(problems));
    document.body.appendChild(overlay);
  }
  // Warnings (a photo not found, a misspelt field or kommun): a panel at the foot of the
  // page that leaves it usable, until it is closed or the next build has none.
  function unwarn() {
    if (panel) { panel.remove(); panel = null; }
    document.body.style.paddingBottom = "";
    document.documentElement.style.scrollPaddingBottom = "";
  }
  function warn(warnings) {
    unwarn();
    // Closed until the warnings change, not only until the next save's build.
    var said = JSON.stringify(warnings);
    if (!warnings.length || sessionStorage.getItem("sitegen-warnings-closed") === said) { return; }
    panel = document.createElement("div");
    panel.id = "sitegen-warnings";
    panel.setAttribute("role", "status");
    panel.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;max-height:40vh;" +
      "overflow:auto;background:#fff3c4;color:#3b2a00;border-top:3px solid #b7791f;" +
      "font:14px/1.45 ui-monospace,monospace;padding:.75rem 1rem;overflow-wrap:anywhere";
    var heading = document.createElement("h2");
    heading.textContent = (warnings.length === 1 ? "1 varning" : warnings.length + " varningar") +
      " – sidan byggdes, men kontrollera detta";
    heading.style.cssText = "font:bold 1rem system-ui,sans-serif;margin:0 0 .4rem";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dölj";
    close.style.cssText = "float:right;font:inherit;margin-left:1rem";
    close.addEventListener("click", function () {
      sessionStorage.setItem("sitegen-warnings-closed", said);
      unwarn();
      var main = document.querySelector("main");
      if (main) {  // not lost on <body>: back to the page's content
        if (!main.hasAttribute("tabindex")) { main.setAttribute("tabindex", "-1"); }
        main.focus();
      }
    });
    panel.appendChild(close);
    panel.appendChild(heading);
    panel.appendChild(listOf(warnings));
    document.body.appendChild(panel);
    // Room below the page for the panel, so that the footer and whatever the keyboard
    // focuses are never under it.
    var height = panel.offsetHeight + "px";
    document.body.style.paddingBottom = height;
    document.documentElement.style.scrollPaddingBottom = height;
  }
  var source = new EventSource("/__sitegen/events");
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.problems.length) { show(state.problems, state.build > 0); return; }
    hide();
    if (String(state.build) !== built) { location.reload(); return; }
    warn(state.warnings || []);
  });
})();
