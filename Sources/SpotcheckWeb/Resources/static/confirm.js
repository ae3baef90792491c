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

// A form never loses what was typed (issue 15): <form data-unsaved-warning> asks before the page
// is left with changes not yet saved (a link, the back button, closing the tab). Submitting the
// form itself is not "leaving".
(function () {
  var dirty = false;
  function watched(target) { return target && target.closest && target.closest("form[data-unsaved-warning]"); }
  document.addEventListener("input", function (event) { if (watched(event.target)) dirty = true; });
  document.addEventListener("change", function (event) { if (watched(event.target)) dirty = true; });
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && watched(event.target)) dirty = false;
  });
  // <form data-save-first="selector">: an upload that would leave the page first saves the
  // unsaved draft of that form (as 保存草稿 would), so evidence never costs what was typed.
  document.addEventListener("submit", function (event) {
    var upload = event.target;
    if (event.defaultPrevented || !upload.getAttribute || !upload.getAttribute("data-save-first")) return;
    var draft = document.querySelector(upload.getAttribute("data-save-first"));
    if (!dirty || !draft || !draft.querySelector("button[value=draft]")) return;
    event.preventDefault();
    var fields = new FormData(draft);
    fields.set("action", "draft");
    fetch(draft.getAttribute("action"), { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        dirty = false;
        upload.submit();
      })
      .catch(function () {
        window.alert("未能先保存草稿，请先点“保存草稿”再上传。");
      });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "填写的内容尚未保存，确定离开？";
    return event.returnValue;
  });
})();
