// Runs the in-browser draw verifier (Sources/SpotcheckWeb/Resources/static/verify-draw.js)
// under node against the protocol's test vectors and the draw-example: the published record
// must give 匹配, every tampered copy 不匹配 naming the field that was changed.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";

if (!globalThis.crypto?.subtle) globalThis.crypto = (await import("node:crypto")).webcrypto; // node 18
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const require = createRequire(import.meta.url);
const V = require(path.join(repo, "Sources/SpotcheckWeb/Resources/static/verify-draw.js"));

const exampleDir = process.argv[2] || path.join(repo, "Tests/SpotcheckCoreTests/Fixtures/draw-example");
const read = (name) => readFileSync(path.join(exampleDir, name), "utf8");

let passed = 0;
async function test(name, body) {
  await body();
  passed += 1;
  console.log("ok  " + name);
}

// §9 test vectors.
await test("stream words and uniform(n) match the spec's vectors", async () => {
  const seed = await V.sha256(new TextEncoder().encode("spotcheck test vector"));
  assert.equal(V.toHex(seed), "5836fe2f6b7a4e67774196baf033e9f755572d71921989d7eb97880852fcd0c3");
  let s = new V.Stream(seed, "objects/A");
  const words = [];
  for (let i = 0; i < 6; i++) words.push((await s.next()).toString(16).padStart(16, "0"));
  assert.deepEqual(words, ["361e123a09da8f88", "7237027d84d23bad", "0390dcae123a0ae6", "e316d997389f9027", "56e740bca26a721c", "6896d2e4903cd4ed"]);
  s = new V.Stream(seed, "objects/A");
  const u7 = []; for (let i = 0; i < 10; i++) u7.push(Number(await s.uniform(7)));
  assert.deepEqual(u7, [1, 2, 2, 3, 3, 6, 1, 2, 3, 0]);
  s = new V.Stream(seed, "inspectors/yjj");
  const u3 = []; for (let i = 0; i < 10; i++) u3.push(Number(await s.uniform(3)));
  assert.deepEqual(u3, [2, 0, 0, 2, 0, 0, 2, 0, 0, 0]);
  s = new V.Stream(seed, "objects/A");
  const big = []; for (let i = 0; i < 4; i++) big.push((await s.uniform((1n << 63n) + 1n)).toString());
  assert.deepEqual(big, ["7140133502755770406", "1140478763374950838", "5866932262471819407", "2077451701334039603"]);
  const shuffle = new V.PartialShuffle(10, new V.Stream(seed, "objects/A"));
  assert.deepEqual(await shuffle.first(10), [6, 4, 8, 0, 2, 5, 9, 7, 1, 3]);
  const secret = Uint8Array.from({ length: 32 }, (_, i) => i);
  assert.equal(V.toHex(await V.sha256(secret)), "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
});

const recordText = read("record.json");
const objects = read("objects.csv"), inspectors = read("inspectors.csv"), conflicts = read("conflicts.csv");
const fresh = () => JSON.parse(recordText);

await test("the draw-example record gives 匹配", async () => {
  const result = await V.verify(fresh(), objects, inspectors, conflicts);
  assert.equal(result.status, "match", V.describe(result));
  assert.match(V.describe(result), /^匹配/);
});

await test("LF or CRLF line ends and a BOM in the lists change nothing", async () => {
  const crlf = (t) => "\uFEFF" + t.replace(/\r?\n/g, "\r\n");
  const lf = (t) => t.replace(/\r\n/g, "\n");
  let result = await V.verify(fresh(), crlf(objects), crlf(inspectors), crlf(conflicts));
  assert.equal(result.status, "match", V.describe(result));
  result = await V.verify(fresh(), lf(objects), lf(inspectors), lf(conflicts));
  assert.equal(result.status, "match", V.describe(result));
});

const tampered = [
  ["entropy changed", (r) => { r.entropy += "x"; }, "seed"],
  ["secret swapped", (r) => { r.secret = "00".repeat(32); }, "commitment"],
  ["a selected enterprise swapped", (r) => { const o = r.objects[1]; [o.selected[0], o.selected[1]] = [o.selected[1], o.selected[0]]; }, "objects[B].selected[0]"],
  ["ratio raised", (r) => { r.objects[0].ratio_bp = 3000; }, "objects[A].k"],
  ["a replacement changed", (r) => { const o = r.objects.find((x) => x.replacements.length); o.replacements[0] = o.selected[0]; }, ".replacements[0]"],
  ["an inspector swapped", (r) => { const d = r.inspectors[0]; d.selected[0] = d.selected[1]; }, "inspectors[" ],
  ["a team assignment moved", (r) => { const a = r.teams[0].assignments[0]; a[1] = (a[1] + 1) % r.teams[0].teams.length; }, "teams[" + fresh().teams[0].dept + "].assignments[0]"],
  ["team members reordered", (r) => { const t = r.teams[0].teams[0]; t.reverse(); }, "teams[" + fresh().teams[0].dept + "].teams[0]"],
  ["a digest edited", (r) => { r.objects[2].digest = "0".repeat(64); }, "objects[C].digest"],
];
for (const [name, edit, field] of tampered) {
  await test("tampered: " + name + " gives 不匹配 at " + field, async () => {
    const record = fresh();
    edit(record);
    const result = await V.verify(record, objects, inspectors, conflicts);
    assert.equal(result.status, "mismatch", V.describe(result));
    assert.ok(result.path.includes(field), `${result.path} should name ${field}`);
    assert.match(V.describe(result), /^不匹配/);
    // The verdict in words for the public: a red cross, no technical field names.
    const words = V.explain(result, { departments: { [fresh().inspectors[0].dept]: "某某局" }, enterprises: {} });
    assert.equal(words.ok, false);
    assert.equal(words.headline, "抽取结果与公布名单不一致");
    assert.ok(!/objects\[|inspectors\[|teams\[/.test(words.detail), `plain words expected, got ${words.detail}`);
  });
}

await test("the plain verdict names the class, the position and both enterprises of a swapped selection", async () => {
  const record = fresh();
  const o = record.objects[1];
  const [first, second] = [o.selected[0], o.selected[1]];
  [o.selected[0], o.selected[1]] = [second, first];
  const result = await V.verify(record, objects, inspectors, conflicts);
  const words = V.explain(result, { enterprises: { [first]: "甲公司" } });
  assert.match(words.detail, /「B类」企业中抽中的第 1 户不同/);
  assert.ok(words.detail.includes(second) && words.detail.includes("甲公司（" + first + "）"), words.detail);
  const ok = V.explain(await V.verify(fresh(), objects, inspectors, conflicts), {});
  assert.equal(ok.ok, true);
  assert.equal(ok.headline, "抽取结果与公布名单一致，未被改动");
});

await test("an edited frozen list gives 不匹配 at its digest", async () => {
  const lines = objects.trim().split(/\r?\n/);
  const result = await V.verify(fresh(), lines.slice(0, -1).join("\n") + "\n", inspectors, conflicts);
  assert.equal(result.status, "mismatch");
  assert.match(result.path, /^objects\[[A-D]\]\.digest$/);
  const noConflicts = await V.verify(fresh(), objects, inspectors, "inspector,uscc\n");
  assert.equal(noConflicts.path, "conflicts_digest");
});

await test("a record without the secret (before matching) cannot be verified yet", async () => {
  const record = fresh();
  record.secret = ""; record.seed = "";
  const result = await V.verify(record, objects, inspectors, conflicts);
  assert.equal(result.status, "pending");
  assert.match(V.describe(result), /匹配检查组/);
});

console.log(`${passed} checks passed`);
