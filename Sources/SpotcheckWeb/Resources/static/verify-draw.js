/*
 * spotcheck-draw/1 verifier for the browser (and node ≥ 20, for the tests).
 *
 * Recomputes a published draw from its record and the frozen lists — commitment, seed,
 * candidate digests, the SHA-256 stream, uniform(n) with rejection, the partial
 * Fisher–Yates selections and replacements, inspectors, teams and assignments with
 * 回避 (draw-protocol.md §1–§7) — with WebCrypto SHA-256 only, and names the first
 * field that differs, in the same order as the server's DrawVerifier.
 *
 * Plain script, no build step: in a page it wires the "验证抽取结果" button; under node
 * it exports the same functions (module.exports), so the tests run this very file.
 */
(function (root) {
  "use strict";

  var encoder = new TextEncoder();
  var TWO64 = 1n << 64n;

  function subtle() {
    var c = root.crypto || (typeof globalThis !== "undefined" ? globalThis.crypto : undefined);
    if (!c || !c.subtle) throw new Error("此浏览器不支持 WebCrypto（crypto.subtle），请使用 HTTPS 或较新的浏览器");
    return c.subtle;
  }

  async function sha256(bytes) {
    return new Uint8Array(await subtle().digest("SHA-256", bytes));
  }

  function utf8(text) { return encoder.encode(text); }

  function concat(parts) {
    var length = 0, i;
    for (i = 0; i < parts.length; i++) length += parts[i].length;
    var out = new Uint8Array(length), offset = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], offset); offset += parts[i].length; }
    return out;
  }

  function toHex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return s;
  }

  function fromHex(text) {
    if (typeof text !== "string" || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
    return out;
  }

  /** Compares two strings by their UTF-8 bytes (the protocol's canonical order). */
  function compareUtf8(a, b) {
    if (a === b) return 0;
    var x = utf8(a), y = utf8(b), n = Math.min(x.length, y.length);
    for (var i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return x.length - y.length;
  }

  function canonicalSort(ids) { return ids.slice().sort(compareUtf8); }

  // MARK: The random stream (§2)

  /** Words of SHA-256(seed ‖ UTF-8(label) ‖ 0x00 ‖ uint64be(i)), four per block. */
  function Stream(seed, label) {
    this.prefix = concat([seed, utf8(label), new Uint8Array([0])]);
    this.block = 0n;
    this.words = [];
  }

  Stream.prototype.next = async function () {
    if (this.words.length === 0) {
      var counter = new Uint8Array(8);
      new DataView(counter.buffer).setBigUint64(0, this.block, false);
      this.block += 1n;
      var digest = await sha256(concat([this.prefix, counter]));
      var view = new DataView(digest.buffer);
      for (var w = 0; w < 4; w++) this.words.push(view.getBigUint64(w * 8, false));
    }
    return this.words.shift();
  };

  /** uniform(n): t = (2^64 − n) mod n; words below t are discarded; returns u mod n. */
  Stream.prototype.uniform = async function (n) {
    var big = BigInt(n);
    if (big < 1n) throw new Error("uniform(n) needs n ≥ 1");
    var t = (TWO64 - big) % big;
    for (;;) {
      var u = await this.next();
      if (u >= t) return u % big;
    }
  };

  /** Fisher–Yates run only as far as needed: step j swaps j and j + uniform(n − j). */
  function PartialShuffle(count, stream) {
    this.order = [];
    for (var i = 0; i < count; i++) this.order.push(i);
    this.stream = stream;
    this.fixed = 0;
  }

  PartialShuffle.prototype.fix = async function (limit) {
    var n = this.order.length, target = Math.min(limit, n);
    while (this.fixed < target) {
      var j = this.fixed;
      var r = j + Number(await this.stream.uniform(n - j));
      var tmp = this.order[j]; this.order[j] = this.order[r]; this.order[r] = tmp;
      this.fixed += 1;
    }
  };

  PartialShuffle.prototype.elementAt = async function (position) {
    await this.fix(position + 1);
    return this.order[position];
  };

  PartialShuffle.prototype.first = async function (k) {
    await this.fix(k);
    return this.order.slice(0, k);
  };

  // MARK: Frozen lists (§3, §8)

  /** CSV rows as arrays of fields (quotes, CRLF and a BOM handled like the server's reader). */
  function parseCSV(text) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    var rows = [], fields = [], field = "", inQuotes = false, quoted = false;
    function endRow() {
      fields.push(field); field = "";
      if (!(fields.length === 1 && fields[0] === "" && !quoted)) rows.push(fields);
      fields = []; quoted = false;
    }
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
        } else field += ch;
      } else if (ch === '"') { inQuotes = true; quoted = true; }
      else if (ch === ",") { fields.push(field); field = ""; }
      else if (ch === "\r" && text[i + 1] === "\n") { /* CRLF */ }
      else if (ch === "\n") endRow();
      else field += ch;
    }
    if (inQuotes) throw new Error("CSV 引号未闭合");
    if (field !== "" || fields.length > 0 || quoted) endRow();
    return rows;
  }

  function trimSpaces(s) { return s.replace(/^ +| +$/g, ""); }

  /** Rows of a CSV as objects keyed by the (lower-cased) header, every named column required. */
  function table(text, columns, file) {
    var rows = parseCSV(text);
    if (rows.length === 0) throw new Error(file + " 缺少表头");
    var header = rows[0].map(function (h) { return trimSpaces(h).toLowerCase(); });
    var index = {};
    columns.forEach(function (name) {
      var at = header.indexOf(name);
      if (at < 0 && name !== "depts") throw new Error(file + " 表头缺少列 " + name);
      index[name] = at;
    });
    return rows.slice(1).map(function (row, n) {
      var out = {};
      columns.forEach(function (name) {
        var at = index[name];
        out[name] = at >= 0 && at < row.length ? trimSpaces(row[at]) : "";
        if (out[name] === "" && name !== "depts") throw new Error(file + " 第 " + (n + 2) + " 行 " + name + " 为空");
      });
      return out;
    });
  }

  /**
   * A candidate list in canonical order (stratum, then id, by UTF-8 bytes), grouped into
   * strata, each with its ids and a lookup from id to canonical index.
   */
  function candidateList(entries) {
    var sorted = entries.slice().sort(function (a, b) {
      return compareUtf8(a.stratum, b.stratum) || compareUtf8(a.id, b.id);
    });
    var strata = [], byName = {}, seen = {};
    sorted.forEach(function (entry) {
      if (seen[entry.id]) throw new Error("编号重复：" + entry.id);
      seen[entry.id] = true;
      var s = byName[entry.stratum];
      if (!s) { s = { name: entry.stratum, ids: [], entries: [], index: {} }; byName[entry.stratum] = s; strata.push(s); }
      s.index[entry.id] = s.ids.length;
      s.ids.push(entry.id);
      s.entries.push(entry);
    });
    return { strata: strata, byName: byName };
  }

  async function stratumDigest(stratum) {
    var text = stratum.ids.map(function (id) { return id + "\t" + stratum.name + "\n"; }).join("");
    return toHex(await sha256(utf8(text)));
  }

  function readObjects(text) {
    return candidateList(table(text, ["uscc", "stratum", "depts"], "objects.csv").map(function (row) {
      var depts = row.depts.split(";").map(trimSpaces).filter(function (d) { return d !== ""; });
      return { id: row.uscc, stratum: row.stratum, depts: depts };
    }));
  }

  function readInspectors(text) {
    return candidateList(table(text, ["id", "dept"], "inspectors.csv").map(function (row) {
      return { id: row.id, stratum: row.dept };
    }));
  }

  function readConflicts(text) {
    var pairs = text == null ? [] : table(text, ["inspector", "uscc"], "conflicts.csv");
    var unique = {}, lines = [], byEnterprise = {};
    pairs.forEach(function (p) {
      var key = p.inspector + "\t" + p.uscc;
      if (unique[key]) return;
      unique[key] = true;
      lines.push(p);
      (byEnterprise[p.uscc] = byEnterprise[p.uscc] || []).push(p.inspector);
    });
    lines.sort(function (a, b) { return compareUtf8(a.inspector, b.inspector) || compareUtf8(a.uscc, b.uscc); });
    return { lines: lines, byEnterprise: byEnterprise };
  }

  async function conflictsDigest(conflicts) {
    var text = conflicts.lines.map(function (p) { return p.inspector + "\t" + p.uscc + "\n"; }).join("");
    return toHex(await sha256(utf8(text)));
  }

  // MARK: Selections with rejections (§4, §5)

  /** k of a stratum from the stream `label`; rejections draw the next shuffle positions. */
  async function selection(stratum, k, seed, label) {
    var shuffle = new PartialShuffle(stratum.ids.length, new Stream(seed, label));
    return { stratum: stratum, k: k, shuffle: shuffle, selected: await shuffle.first(k), rejected: [], replacements: [] };
  }

  /** Returns false when `id` was never drawn (or already rejected) or the stratum is exhausted. */
  async function reject(sel, id) {
    var position = Object.prototype.hasOwnProperty.call(sel.stratum.index, id) ? sel.stratum.index[id] : -1;
    if (position < 0) return false;
    var drawn = sel.selected.indexOf(position) >= 0 || sel.replacements.indexOf(position) >= 0;
    if (!drawn || sel.rejected.indexOf(position) >= 0) return false;
    var next = sel.k + sel.replacements.length;
    if (next >= sel.stratum.ids.length) return false;
    sel.rejected.push(position);
    sel.replacements.push(await sel.shuffle.elementAt(next));
    return true;
  }

  function finalPositions(sel) {
    return sel.selected.concat(sel.replacements).filter(function (p) { return sel.rejected.indexOf(p) < 0; });
  }

  function ids(sel, positions) { return positions.map(function (p) { return sel.stratum.ids[p]; }); }

  // MARK: Teams and matching (§6)

  function formTeams(inspectors, teamSize) {
    if (!(teamSize >= 2)) return null;
    var count = Math.floor(inspectors.length / teamSize);
    if (count === 0) return null;
    var teams = [];
    for (var t = 0; t < count; t++) teams.push(inspectors.slice(t * teamSize, (t + 1) * teamSize));
    inspectors.slice(count * teamSize).forEach(function (id, r) { teams[r % count].push(id); });
    return teams;
  }

  /** Team of each enterprise (given in canonical order); null when one has no conflict-free team. */
  async function match(enterprises, teams, conflicts, seed, dept) {
    var teamOf = {};
    teams.forEach(function (team, index) { team.forEach(function (m) { teamOf[m] = index; }); });
    var order = await new PartialShuffle(enterprises.length, new Stream(seed, "match/" + dept)).first(enterprises.length);
    var result = new Array(enterprises.length).fill(0), T = teams.length;
    for (var p = 0; p < order.length; p++) {
      var index = order[p], enterprise = enterprises[index], start = p % T;
      var blocked = {};
      (conflicts.byEnterprise[enterprise] || []).forEach(function (inspector) {
        if (teamOf[inspector] !== undefined) blocked[teamOf[inspector]] = true;
      });
      var found = -1;
      for (var q = 0; q < T; q++) if (!blocked[(start + q) % T]) { found = (start + q) % T; break; }
      if (found < 0) return null;
      result[index] = found;
    }
    return result;
  }

  // MARK: Verification (§7), first differing field

  // recorded/computed: the two differing values, when the difference is one list entry (the
  // plain-language verdict names them).
  function Mismatch(path, detail, recorded, computed) {
    this.path = path; this.detail = detail || ""; this.recorded = recorded; this.computed = computed;
  }

  function expect(condition, path, detail) { if (!condition) throw new Mismatch(path, detail); }

  function expectHex(recorded, computed, path) {
    expect(typeof recorded === "string" && recorded.toLowerCase() === computed, path,
      "记录为 " + JSON.stringify(recorded) + "，重算为 " + computed);
  }

  function expectList(recorded, computed, path) {
    recorded = Array.isArray(recorded) ? recorded : [];
    for (var i = 0; i < Math.max(recorded.length, computed.length); i++) {
      if (i >= recorded.length || i >= computed.length || recorded[i] !== computed[i]) {
        throw new Mismatch(path + "[" + i + "]", "记录为 " + JSON.stringify(recorded[i] === undefined ? null : recorded[i]) +
          "，重算为 " + JSON.stringify(computed[i] === undefined ? null : computed[i]), recorded[i], computed[i]);
      }
    }
  }

  function unique(names, field) {
    var at = {};
    names.forEach(function (name, i) {
      if (Object.prototype.hasOwnProperty.call(at, name)) throw new Mismatch(field + "[" + name + "]", "重复");
      at[name] = i;
    });
    return at;
  }

  function list(value) { return Array.isArray(value) ? value : []; }

  async function check(record, inputs) {
    expect(record && record.protocol === "spotcheck-draw/1", "protocol");
    var secret = fromHex(record.secret);
    expect(secret !== null && secret.length === 32, "secret");
    expectHex(record.commitment, toHex(await sha256(secret)), "commitment");
    var seed = await sha256(concat([secret, utf8(String(record.entropy))]));
    expectHex(record.seed, toHex(seed), "seed");

    var objects = inputs.objects, inspectors = inputs.inspectors, conflicts = inputs.conflicts;
    var recordObjects = list(record.objects), recordInspectors = list(record.inspectors), recordTeams = list(record.teams);
    var strata = unique(recordObjects.map(function (e) { return e.stratum; }), "objects");
    var s, i, entry, path;
    for (i = 0; i < objects.strata.length; i++) {
      s = objects.strata[i];
      path = "objects[" + s.name + "]";
      expect(Object.prototype.hasOwnProperty.call(strata, s.name), path, "记录缺少该分类");
      entry = recordObjects[strata[s.name]];
      expectHex(entry.digest, await stratumDigest(s), path + ".digest");
      expect(entry.n === s.ids.length, path + ".n");
    }
    recordObjects.forEach(function (e) { expect(objects.byName[e.stratum] !== undefined, "objects[" + e.stratum + "]", "冻结名单中没有该分类"); });
    var depts = unique(recordInspectors.map(function (e) { return e.dept; }), "inspectors");
    var emptyDigest = toHex(await sha256(new Uint8Array(0)));
    for (i = 0; i < recordInspectors.length; i++) {
      entry = recordInspectors[i];
      s = inspectors.byName[entry.dept];
      path = "inspectors[" + entry.dept + "]";
      expectHex(entry.digest, s ? await stratumDigest(s) : emptyDigest, path + ".digest");
      expect(entry.n === (s ? s.ids.length : 0), path + ".n");
    }
    expectHex(record.conflicts_digest, await conflictsDigest(conflicts), "conflicts_digest");

    // Selections.
    var enterpriseDraws = [];
    for (i = 0; i < objects.strata.length; i++) {
      s = objects.strata[i];
      entry = recordObjects[strata[s.name]];
      path = "objects[" + s.name + "]";
      var bp = entry.ratio_bp;
      expect(Number.isInteger(bp) && bp >= 1 && bp <= 10000, path + ".ratio_bp");
      var k = Math.floor((s.ids.length * bp + 9999) / 10000);
      expect(entry.k === k, path + ".k", "记录为 " + entry.k + "，按比例应为 " + k);
      var draw = await selection(s, k, seed, "objects/" + s.name);
      expectList(entry.selected, ids(draw, draw.selected), path + ".selected");
      enterpriseDraws.push({ draw: draw, entry: entry, path: path });
    }
    var inspectorDraws = [];
    var deptNames = Object.keys(depts).sort(compareUtf8);
    for (i = 0; i < deptNames.length; i++) {
      entry = recordInspectors[depts[deptNames[i]]];
      path = "inspectors[" + deptNames[i] + "]";
      s = inspectors.byName[deptNames[i]];
      expect(s !== undefined && Number.isInteger(entry.k) && entry.k >= 1 && entry.k <= s.ids.length, path + ".k");
      var idraw = await selection(s, entry.k, seed, "inspectors/" + deptNames[i]);
      expectList(entry.selected, ids(idraw, idraw.selected), path + ".selected");
      inspectorDraws.push({ draw: idraw, entry: entry, path: path, dept: deptNames[i] });
    }

    // Rejections, in record order, and their replacements.
    var all = enterpriseDraws.concat(inspectorDraws);
    for (i = 0; i < all.length; i++) {
      var d = all[i], rejected = list(d.entry.rejected);
      for (var r = 0; r < rejected.length; r++) {
        expect(await reject(d.draw, rejected[r]), d.path + ".rejected[" + r + "]", "该编号未被抽中或已退回");
      }
      expectList(d.entry.replacements, ids(d.draw, d.draw.replacements), d.path + ".replacements");
    }

    // Teams, then assignments.
    var teamsAt = unique(recordTeams.map(function (e) { return e.dept; }), "teams");
    var sizes = recordTeams.map(function (e) { return e.team_size; });
    var teamSize = 2, best = 0;
    sizes.forEach(function (size) {
      var count = sizes.filter(function (x) { return x === size; }).length;
      if (count > best) { best = count; teamSize = size; }
    });
    var finals = [];
    enterpriseDraws.forEach(function (e) {
      finalPositions(e.draw).forEach(function (p) { finals.push(e.draw.stratum.entries[p]); });
    });
    var pending = [];
    for (i = 0; i < inspectorDraws.length; i++) {
      var dept = inspectorDraws[i].dept;
      path = "teams[" + dept + "]";
      var enterprises = canonicalSort(finals.filter(function (e) {
        return e.depts.length === 0 || e.depts.indexOf(dept) >= 0;
      }).map(function (e) { return e.id; }));
      var recorded = Object.prototype.hasOwnProperty.call(teamsAt, dept) ? recordTeams[teamsAt[dept]] : null;
      var finalInspectors = ids(inspectorDraws[i].draw, finalPositions(inspectorDraws[i].draw));
      var teams = formTeams(finalInspectors, teamSize);
      if (teams === null) throw new Mismatch(recorded === null ? "inspectors[" + dept + "].k" : path + ".team_size");
      if (enterprises.length === 0) { expect(recorded === null, path, "该部门没有检查对象，不应有检查组"); continue; }
      expect(recorded !== null, path, "记录缺少该部门的检查组");
      expect(recorded.team_size === teamSize, path + ".team_size");
      var recordedTeamList = list(recorded.teams);
      for (var t = 0; t < Math.max(recordedTeamList.length, teams.length); t++) {
        expect(t < recordedTeamList.length && t < teams.length, path + ".teams[" + t + "]");
        expectList(recordedTeamList[t], teams[t], path + ".teams[" + t + "]");
      }
      pending.push({ entry: recorded, teams: teams, enterprises: enterprises, dept: dept });
    }
    recordTeams.forEach(function (e) {
      expect(pending.some(function (p) { return p.dept === e.dept; }), "teams[" + e.dept + "]", "多出的检查组");
    });
    for (i = 0; i < pending.length; i++) {
      var p = pending[i];
      path = "teams[" + p.dept + "].assignments";
      var matched = await match(p.enterprises, p.teams, conflicts, seed, p.dept);
      expect(matched !== null, path, "有企业找不到无回避冲突的检查组");
      var assignments = list(p.entry.assignments);
      for (var a = 0; a < Math.max(assignments.length, p.enterprises.length); a++) {
        var got = assignments[a];
        var ok = a < assignments.length && a < p.enterprises.length && Array.isArray(got) &&
          got[0] === p.enterprises[a] && got[1] === matched[a];
        if (!ok) {
          throw new Mismatch(path + "[" + a + "]", "记录为 " + JSON.stringify(got === undefined ? null : got) + "，重算为 " +
            JSON.stringify(a < p.enterprises.length ? [p.enterprises[a], matched[a]] : null),
            got, a < p.enterprises.length ? [p.enterprises[a], matched[a]] : undefined);
        }
      }
    }
  }

  /**
   * Verifies `record` (parsed JSON) against the frozen lists given as CSV text.
   * Resolves to {status: "match"} | {status: "mismatch", path, detail} | {status: "pending"}
   * (secret not yet revealed) | {status: "error", message} (unreadable input).
   */
  async function verify(record, objectsCSV, inspectorsCSV, conflictsCSV) {
    if (record && record.protocol === "spotcheck-draw/1" && (record.secret === "" || record.secret == null)) {
      return { status: "pending" };
    }
    var inputs;
    try {
      inputs = { objects: readObjects(objectsCSV), inspectors: readInspectors(inspectorsCSV), conflicts: readConflicts(conflictsCSV) };
    } catch (error) {
      return { status: "error", message: String(error && error.message || error) };
    }
    try {
      await check(record, inputs);
      return { status: "match" };
    } catch (error) {
      if (error instanceof Mismatch) {
        return { status: "mismatch", path: error.path, detail: error.detail, recorded: error.recorded, computed: error.computed };
      }
      return { status: "mismatch", path: "record", detail: String(error && error.message || error) };
    }
  }

  /** A one-line verdict: 匹配 / 不匹配（first differing field）/ not yet possible. */
  function describe(result) {
    switch (result.status) {
      case "match": return "匹配：抽取记录与冻结名单重算结果完全一致";
      case "mismatch": return "不匹配：第一个不一致的字段是 " + result.path + (result.detail ? "（" + result.detail + "）" : "");
      case "pending": return "密钥尚未公布：匹配检查组、抽取完成后才能验证";
      default: return "无法验证：" + result.message;
    }
  }

  /**
   * The verdict in plain words for the public (issue 15): {ok, headline, detail}. `names` gives
   * {departments: {code: name}, enterprises: {uscc: name}}; codes without a name are shown as codes.
   */
  function explain(result, names) {
    names = names || {};
    var departments = names.departments || {}, enterprises = names.enterprises || {};
    function dept(code) { return departments[code] || ("部门 " + code); }
    function firm(code) {
      if (code === undefined || code === null) return "（无）";
      return enterprises[code] ? enterprises[code] + "（" + code + "）" : "统一社会信用代码为 " + code + " 的企业";
    }
    function person(code) { return code === undefined || code === null ? "（无）" : "执法证号 " + code + " 的人员"; }
    switch (result.status) {
      case "match":
        return { ok: true, headline: "抽取结果与公布名单一致，未被改动",
                 detail: "已按公布的方法，从发布时冻结的名单重新抽取企业、补抽、抽取执法检查人员、分组和匹配，结果与公布的完全相同。" };
      case "pending":
        return { ok: null, headline: "暂时还不能核对", detail: "检查组匹配完成、公布密钥后才能核对。" };
      case "error":
        return { ok: false, headline: "无法核对", detail: result.message };
    }
    var path = result.path || "", m, detail;
    if ((m = /^objects\[(.+?)\]\.selected\[(\d+)\]$/.exec(path))) {
      detail = "「" + m[1] + "类」企业中抽中的第 " + (Number(m[2]) + 1) + " 户不同：公布的是 " + firm(result.recorded) +
        "，按公布的方法应为 " + firm(result.computed) + "。";
    } else if ((m = /^objects\[(.+?)\]\.(digest|n)$/.exec(path))) {
      detail = "「" + m[1] + "类」企业的冻结名单与抽取前公布的摘要不一致：名单在发布后被改动过。";
    } else if ((m = /^objects\[(.+?)\]\.(k|ratio_bp)$/.exec(path))) {
      detail = "「" + m[1] + "类」企业抽取的户数与公布的抽取比例不符。";
    } else if ((m = /^objects\[(.+?)\]\.(rejected|replacements)/.exec(path))) {
      detail = "「" + m[1] + "类」企业的退回或补抽与公布的不一致" + (result.recorded !== undefined ? "：公布的是 " + firm(result.recorded) + "，应为 " + firm(result.computed) : "") + "。";
    } else if ((m = /^objects\[(.+?)\]/.exec(path))) {
      detail = "「" + m[1] + "类」企业的分类在抽取记录与冻结名单之间不一致。";
    } else if ((m = /^inspectors\[(.+?)\]\.selected\[(\d+)\]$/.exec(path))) {
      detail = dept(m[1]) + "抽中的第 " + (Number(m[2]) + 1) + " 名执法检查人员不同：公布的是 " + person(result.recorded) +
        "，按公布的方法应为 " + person(result.computed) + "。";
    } else if ((m = /^inspectors\[(.+?)\]\.(digest|n)$/.exec(path))) {
      detail = dept(m[1]) + "的执法检查人员冻结名单与抽取前公布的摘要不一致：名单在发布后被改动过。";
    } else if ((m = /^inspectors\[(.+?)\]/.exec(path))) {
      detail = dept(m[1]) + "的执法检查人员抽取、剔除或补抽与公布的不一致。";
    } else if ((m = /^teams\[(.+?)\]\.assignments\[(\d+)\]$/.exec(path))) {
      var pair = Array.isArray(result.computed) ? result.computed : (Array.isArray(result.recorded) ? result.recorded : []);
      detail = dept(m[1]) + "的检查组与企业的匹配不一致" + (pair.length ? "：" + firm(pair[0]) + "应由第 " + (Number(pair[1]) + 1) + " 组检查" : "") + "。";
    } else if ((m = /^teams\[(.+?)\]/.exec(path))) {
      detail = dept(m[1]) + "的检查组分组与公布的不一致。";
    } else if (path === "commitment" || path === "secret") {
      detail = "公布的密钥与抽取前公布的承诺值不符：密钥在抽取后被更换过。";
    } else if (path === "seed") {
      detail = "由密钥和公开随机数算出的种子与记录不符。";
    } else if (path === "conflicts_digest") {
      detail = "回避名单与抽取前公布的摘要不一致：名单在发布后被改动过。";
    } else if (path === "protocol") {
      detail = "所核对的文件不是本系统的抽取记录（格式不符）。";
    } else {
      detail = "抽取记录中有一处与重新计算的结果不同（见技术说明）。";
    }
    return { ok: false, headline: "抽取结果与公布名单不一致", detail: detail };
  }

  var api = {
    sha256: sha256, toHex: toHex, fromHex: fromHex, compareUtf8: compareUtf8, Stream: Stream,
    PartialShuffle: PartialShuffle, parseCSV: parseCSV, formTeams: formTeams, verify: verify, describe: describe, explain: explain,
  };

  // MARK: The page

  function wire(document) {
    var panel = document.getElementById("verify-draw");
    if (!panel) return;
    var button = panel.querySelector("button.verify-run");
    var fileInput = panel.querySelector("input[type=file]");
    var source = panel.querySelector(".verify-source");
    var output = panel.querySelector(".verify-result");
    var base = panel.getAttribute("data-base");
    var names = { departments: {}, enterprises: {} };
    try {
      names.departments = JSON.parse(panel.getAttribute("data-departments") || "{}");
      names.enterprises = JSON.parse(panel.getAttribute("data-enterprises") || "{}");
    } catch (ignored) { /* names are a courtesy; codes are shown instead */ }

    // What the button checks: the chosen local file if there is one, else the published record.
    function chosenFile() { return fileInput && fileInput.files && fileInput.files[0] ? fileInput.files[0] : null; }
    function describeSource() {
      var file = chosenFile();
      if (source) source.textContent = file ? "将核对：您选择的本地文件 " + file.name : "将核对：本页公布的抽取记录";
      if (button) button.textContent = file ? "核对所选文件" : "核对抽取结果";
    }

    function show(result, what) {
      var words = explain(result, names);
      output.textContent = "";
      var head = document.createElement("p");
      head.className = "verdict";
      head.textContent = (words.ok === true ? "✓ " : words.ok === false ? "✗ " : "") + words.headline;
      var body = document.createElement("p");
      body.textContent = words.detail;
      var checked = document.createElement("p");
      checked.className = "muted";
      checked.textContent = "核对的是：" + what;
      output.appendChild(head);
      output.appendChild(body);
      output.appendChild(checked);
      if (result.status === "mismatch") {
        var tech = document.createElement("details");
        var summary = document.createElement("summary");
        summary.textContent = "技术细节";
        var line = document.createElement("p");
        line.textContent = describe(result);
        tech.appendChild(summary);
        tech.appendChild(line);
        output.appendChild(tech);
        output.setAttribute("data-path", result.path);
      } else {
        output.removeAttribute("data-path");
      }
      output.className = "verify-result " + result.status;
      output.setAttribute("data-status", result.status);
    }

    async function text(url) {
      var response = await root.fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(url + " 返回 " + response.status);
      return response.text();
    }

    async function run() {
      var file = chosenFile();
      var what = file ? "您选择的本地文件 " + file.name : "本页公布的抽取记录";
      if (button) button.disabled = true;
      output.textContent = "正在浏览器中重新抽取并比对…";
      output.className = "verify-result running";
      output.removeAttribute("data-status");
      try {
        var recordText = file ? await file.text() : await text(base + "/record.json");
        var record;
        try { record = JSON.parse(recordText); }
        catch (error) { show({ status: "error", message: "抽取记录不是有效的 JSON 文件：" + error.message }, what); return; }
        if (record && record.protocol === "spotcheck-draw/1" && !record.secret) { show({ status: "pending" }, what); return; }
        var lists = await Promise.all(["objects.csv", "inspectors.csv", "conflicts.csv"].map(function (f) { return text(base + "/" + f); }));
        show(await verify(record, lists[0], lists[1], lists[2]), what);
      } catch (error) {
        show({ status: "error", message: String(error && error.message || error) }, what);
      } finally {
        if (button) button.disabled = false;
      }
    }

    if (button) button.addEventListener("click", function () { run(); });
    if (fileInput) fileInput.addEventListener("change", function () {
      describeSource();
      if (chosenFile()) run();
    });
    describeSource();
  }

  if (typeof module === "object" && module.exports) module.exports = api;
  root.SpotcheckVerify = api;
  if (root.document) {
    if (root.document.readyState === "loading") root.document.addEventListener("DOMContentLoaded", function () { wire(root.document); });
    else wire(root.document);
  }
})(typeof window !== "undefined" ? window : globalThis);
