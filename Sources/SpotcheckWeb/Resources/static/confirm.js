// Irreversible steps ask first: <form data-confirm="问题"> shows confirm() before submitting.
// (An inline onsubmit="return confirm(…)" never runs: the page's CSP has script-src 'self'.)
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
