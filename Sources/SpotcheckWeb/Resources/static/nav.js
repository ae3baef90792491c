// Where am I (issue 15): the menu item of the current section is marked (aria-current), and a
// breadcrumb trail — home › section › this page — sits above the page's heading. Built from the
// menu the server rendered, so it never names a page the role cannot open.
(function () {
  function ready(fn) { if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn); else fn(); }
  ready(function () {
    var nav = document.querySelector(".site-nav");
    var main = document.querySelector("main.page");
    if (!nav || !main) return;
    var path = window.location.pathname;
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[href]"));
    var best = null, bestLength = -1;
    links.forEach(function (a) {
      var href = a.getAttribute("href");
      var matches = href === "/" ? path === "/" : (path === href || path.indexOf(href.replace(/\/$/, "") + "/") === 0);
      if (matches && href.length > bestLength) { best = a; bestLength = href.length; }
    });
    // A task's pages belong to 联合抽查任务, a public task's to 抽查任务公告.
    if (best) best.setAttribute("aria-current", "page");
    var home = links[0];
    var trail = [];
    if (home && home !== best) trail.push({ href: home.getAttribute("href"), label: home.textContent });
    if (best) trail.push({ href: best.getAttribute("href"), label: best.textContent });
    var heading = main.querySelector("h1");
    var title = heading ? heading.childNodes[0] && heading.childNodes[0].textContent.trim() : "";
    if (!title) title = document.title.split(" · ")[0];
    if (best && best.getAttribute("href") === path) title = "";
    if (trail.length === 0 && !title) return;
    var crumbs = document.createElement("nav");
    crumbs.className = "breadcrumbs";
    crumbs.setAttribute("aria-label", "当前位置");
    trail.forEach(function (step) {
      var a = document.createElement("a");
      a.href = step.href;
      a.textContent = step.label;
      crumbs.appendChild(a);
      crumbs.appendChild(document.createTextNode(" › "));
    });
    if (title) {
      var here = document.createElement("span");
      here.setAttribute("aria-current", "location");
      here.textContent = title;
      crumbs.appendChild(here);
    } else if (crumbs.lastChild) {
      crumbs.removeChild(crumbs.lastChild);
    }
    main.insertBefore(crumbs, main.firstChild);
  });
})();
