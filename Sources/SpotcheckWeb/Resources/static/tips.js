// 举报 form: suggests enterprises from the directory as the reporter types (name or code) and
// records the chosen one's code; free text stays allowed for an enterprise not in the directory.
(function () {
  var input = document.getElementById("tip-enterprise");
  var list = document.getElementById("tip-enterprises");
  var code = document.getElementById("tip-uscc");
  var said = document.getElementById("tip-matched");
  if (!input || !list || !code) return;
  var found = {};
  var timer = null;
  function match() {
    var hit = found[input.value.trim()];
    code.value = hit || "";
    if (said) said.textContent = hit ? "已匹配名录中的企业（统一社会信用代码 " + hit + "）" : "";
  }
  input.addEventListener("input", function () {
    match();
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(function () {
      fetch("/tips/enterprises?q=" + encodeURIComponent(q)).then(function (r) { return r.ok ? r.json() : []; }).then(function (rows) {
        list.innerHTML = "";
        rows.forEach(function (row) {
          found[row.name] = row.uscc;
          found[row.uscc] = row.uscc;
          var option = document.createElement("option");
          option.value = row.name;
          option.label = row.uscc;
          list.appendChild(option);
        });
        match();
      }).catch(function () {});
    }, 250);
  });
  input.addEventListener("change", match);
})();
