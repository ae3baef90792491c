/* The plan form's live figures (issue 15 "plans that cannot fail late"): while the office fills
 * the form, each department shows how many inspectors are eligible for the period and how many
 * enterprises its items apply to, and a count that could never be drawn is marked and refused
 * before saving. The server refuses it too; this only tells earlier. Works without it. */
(function () {
  "use strict";
  var form = document.querySelector("form.plan-form[data-preview]");
  if (!form) return;
  var timer = null, sequence = 0;

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key !== "_csrf" && typeof value === "string") params.append(key, value);
    });
    return params.toString();
  }

  function show(data) {
    var total = form.querySelector(".plan-total");
    if (total) {
      total.textContent = data.hasPeriod
        ? "按当前范围和事项，共有 " + data.enterprises + " 户企业可被抽取。"
        : "填写检查期间后，这里显示可被抽取的企业数和各部门符合条件的执法人员数。";
    }
    var byCode = {};
    (data.departments || []).forEach(function (d) { byCode[d.code] = d; });
    form.querySelectorAll(".plan-figures[data-dept]").forEach(function (line) {
      var code = line.getAttribute("data-dept");
      var d = byCode[code];
      var input = form.querySelector("input[name='inspectors_" + code + "']");
      line.textContent = "";
      if (input) input.setCustomValidity("");
      if (!d) return;
      line.appendChild(document.createTextNode("符合条件的执法检查人员 " + d.eligible + " 人 · 事项适用的企业 " + d.enterprises + " 户"));
      if (d.tooFew) {
        var mark = document.createElement("span");
        mark.className = "mark bad";
        mark.textContent = "抽取人数超过符合条件的人数";
        line.appendChild(document.createTextNode(" "));
        line.appendChild(mark);
        if (input) input.setCustomValidity(d.name + "符合条件的执法检查人员仅 " + d.eligible + " 人，不能抽取 " + d.requested + " 人");
      }
    });
    var warning = form.querySelector(".plan-holidays");
    if (warning) {
      warning.textContent = data.holidayWarning || "";
      warning.hidden = !data.holidayWarning;
    }
  }

  function refresh() {
    var mine = ++sequence;
    fetch(form.getAttribute("data-preview") + "?" + query(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && mine === sequence) show(data); })
      .catch(function () { /* the figures are a courtesy; saving still checks */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  form.addEventListener("change", later);
  form.addEventListener("input", later);
})();
