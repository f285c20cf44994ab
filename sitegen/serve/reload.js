(function () {
  "use strict";
  var built = "__BUILD__";
  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "sitegen-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Bygget misslyckades");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem";
    var heading = document.createElement("h2");
    heading.textContent = "Bygget misslyckades – sidan visar den senaste fungerande versionen";
    heading.style.cssText = "font:bold 1.2rem system-ui,sans-serif;color:#ff8a80;margin:0 0 1rem";
    overlay.appendChild(heading);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.2rem";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem.location + ": " + problem.message;
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }
  var source = new EventSource("/__sitegen/events");
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.problems.length) { show(state.problems); return; }
    hide();
    if (String(state.build) !== built) { location.reload(); }
  });
})();
