// 我的日程: the feed address is shown as a path by the server (it does not know the name the
// phone reaches it by); the page writes the full address from where it was opened.
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-feed-path]")) {
    element.textContent = window.location.origin + element.getAttribute("data-feed-path");
  }
});
