// Irreversible steps ask first: <form data-confirm="问题"> — or, where one form has several
// buttons and only one is irreversible (保存草稿 / 提交), <button data-confirm="问题"> — shows
// confirm() before submitting, stating what follows.
// (An inline onsubmit="return confirm(…)" never runs: the page's CSP has script-src 'self'.)
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = (button && button.getAttribute && button.getAttribute("data-confirm"))
    || (event.target.getAttribute && event.target.getAttribute("data-confirm"));
  if (question && !window.confirm(question)) event.preventDefault();
});
