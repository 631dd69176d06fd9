// Evaluates JsonLogic with json-logic-js, the reference implementation, for the differential test
// (tests/Personalization.Rules.Tests/JsonLogicDifferentialTests.cs). Reads one case a line on stdin,
// {"rule":...,"data":...}, and writes one answer a line on stdout, in the same order: {"result":...} with the result
// as JSON.stringify writes it (undefined as null), or {"error":"..."} when json-logic-js throws. A string of the result
// holding half a surrogate pair (substr can split one) is written with U+FFFD in its place, as the engine's JSON writer
// does: the deliberate difference "Strings are Unicode text" in docs/rules.md.
"use strict";
const readline = require("readline");
const jsonLogic = require("json-logic-js");

// The log operator prints with console.log; stdout carries the answers.
console.log = () => {};

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  let answer;
  try {
    const testCase = JSON.parse(line);
    const result = jsonLogic.apply(testCase.rule, testCase.data);
    const text = JSON.stringify(result, (key, value) => (typeof value === "string" ? value.toWellFormed() : value));
    answer = '{"result":' + (text ?? "null") + "}";
  } catch (e) {
    answer = JSON.stringify({ error: String(e && e.message ? e.message : e) });
  }
  process.stdout.write(answer + "\n");
});
