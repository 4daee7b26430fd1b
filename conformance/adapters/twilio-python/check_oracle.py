#!/usr/bin/env python3
"""Check the twilio-python adapter against the recorded python oracle cases.

Starts adapter.py (next to this file) with the given interpreter, speaks protocol v1 to
it -- `start`, one `run` per oracle case, `stop` -- and compares every answer with the
recorded output:

  token           the token must be byte-identical to `output.token`; when the case has
                  `signatureRandomized`, the header and payload segments must decode to
                  exactly `headerJson` / `payloadJson` instead. Recorded extras
                  (`canonicalRequest`, `requestHash`, `secondToken`) must match too.
  error           the answer must be `output.error` with the recorded message and type.
  jwt decode      `decoded.header` / `decoded.payload` must equal the recorded
                  `decoded.headers` / `decoded.payload` (key order and number types
                  included). (A recorded `reencoded` has no field in protocol v1.)

Prints per-family counts (matched / mismatched / skipped / errored), every mismatch with
a short diff, and every skip with its reason. Exits 1 on any mismatch or errored case.

    /usr/bin/python3 check_oracle.py [--python /usr/bin/python3] [--lib DIR] [--oracle DIR]
"""

import argparse
import base64
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def dumps(value):
    # Order- and type-sensitive text: 1, 1.0 and true all differ.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def segment_text(token, index):
    part = token.split(".")[index]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8")


def text_diff(label, expected, got, width=70):
    """First point where two texts differ, with a little context."""
    if expected == got:
        return None
    i = next((k for k in range(min(len(expected), len(got))) if expected[k] != got[k]),
             min(len(expected), len(got)))
    lo = max(0, i - 25)
    return (f"{label} differs at char {i}:\n"
            f"      expected …{expected[lo:lo + width]!r}\n"
            f"      got      …{got[lo:lo + width]!r}")


def token_diff(expected_token, got_token, exp):
    """Explain a token mismatch through its segments."""
    try:
        for idx, name, key in ((0, "header", "headerJson"), (1, "payload", "payloadJson")):
            want = exp.get(key) if exp.get(key) is not None else segment_text(expected_token, idx)
            d = text_diff(name, want, segment_text(got_token, idx))
            if d:
                return d
    except Exception as e:  # noqa: BLE001 - an undecodable token is itself the diff
        return f"token does not decode ({e}): {got_token[:80]!r}"
    return "header and payload equal; signature differs"


def compare(exp, answer):
    """None when the answer matches the recorded output, else a short explanation."""
    out = answer.get("output")
    if out is None:
        return f"expected an output, got {dumps(answer)[:200]}"
    if "error" in exp:
        err = out.get("error")
        if not isinstance(err, dict):
            got = out.get("token") or out.get("decoded")
            return (f"expected rejection {exp.get('errorType')}: {exp['error']!r}, "
                    f"got a result {dumps(got)[:160]}")
        problems = []
        if err.get("message") != exp["error"]:
            problems.append(text_diff("error message", exp["error"], str(err.get("message"))))
        if exp.get("errorType") and err.get("type") != exp["errorType"]:
            problems.append(f"error type: expected {exp['errorType']}, got {err.get('type')}")
        return "\n    ".join(problems) or None
    if "error" in out:
        return f"unexpected rejection {out['error'].get('type')}: {out['error'].get('message')!r}"
    if "decoded" in exp:
        got = out.get("decoded")
        if not isinstance(got, dict):
            return f"expected decoded, got {dumps(out)[:200]}"
        problems = [text_diff("decoded.header", dumps(exp["decoded"].get("headers")),
                              dumps(got.get("header"))),
                    text_diff("decoded.payload", dumps(exp["decoded"].get("payload")),
                              dumps(got.get("payload")))]
        if "reencoded" in exp and "reencoded" in out:  # protocol v1 has no field for it
            problems.append(text_diff("reencoded", exp["reencoded"], str(out.get("reencoded"))))
        problems = [p for p in problems if p]
        return "\n    ".join(problems) or None
    got = out.get("token")
    if not isinstance(got, str):
        return f"expected a token, got {dumps(out)[:200]}"
    problems = []
    if exp.get("signatureRandomized"):
        for idx, key in ((0, "headerJson"), (1, "payloadJson")):
            try:
                problems.append(text_diff(key, exp[key], segment_text(got, idx)))
            except Exception as e:  # noqa: BLE001
                problems.append(f"token does not decode: {e}")
    elif got != exp["token"]:
        problems.append(token_diff(exp["token"], got, exp))
    for extra in ("canonicalRequest", "requestHash", "secondToken"):
        if extra in exp:
            if extra not in out:
                problems.append(f"{extra} missing from the answer")
            elif out[extra] != exp[extra]:
                if extra == "secondToken":
                    problems.append("secondToken: " + token_diff(
                        exp[extra], out[extra], {"payloadJson": exp.get("secondPayloadJson")}))
                else:
                    problems.append(text_diff(extra, exp[extra], str(out[extra])))
    problems = [p for p in problems if p]
    return "\n    ".join(problems) or None


class Adapter:
    def __init__(self, python, lib_dirs):
        cmd = [python, os.path.join(HERE, "adapter.py")]
        for d in lib_dirs:
            cmd += ["--lib", d]
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr)

    def ask(self, request):
        self.proc.stdin.write((json.dumps(request, ensure_ascii=True) + "\n").encode("ascii"))
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"adapter closed its output (exit status {self.proc.wait()})")
        return json.loads(line)

    def stop(self):
        self.proc.stdin.write(b'{"cmd":"stop"}\n')
        self.proc.stdin.close()
        rest = self.proc.stdout.read()
        status = self.proc.wait(timeout=30)
        return status, rest

    def stderr_tail(self, n=4000):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")[-n:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default="/usr/bin/python3", help="interpreter for adapter.py")
    ap.add_argument("--lib", action="append", default=[], metavar="DIR",
                    help="passed to the adapter: use the twilio package in DIR")
    ap.add_argument("--oracle", default="/work/shared/oracle/python", help="oracle folder")
    ap.add_argument("-q", "--quiet", action="store_true", help="do not list skips")
    args = ap.parse_args()

    files = sorted(glob.glob(os.path.join(args.oracle, "*.json")))
    if not files:
        print(f"no oracle files in {args.oracle}", file=sys.stderr)
        return 1

    adapter = Adapter(args.python, args.lib)
    try:
        hello = adapter.ask({"cmd": "start", "version": 1})
    except Exception as e:  # noqa: BLE001
        print(f"adapter did not start: {e}\n{adapter.stderr_tail()}", file=sys.stderr)
        return 1
    impl = hello.get("implementation", {})
    print(f"adapter: {impl.get('name')} {impl.get('version')} profile={impl.get('profile')} "
          f"families={','.join(impl.get('families', []))}")

    counts, mismatches, skips, errors = {}, [], [], []
    seq = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            data = json.loads(fh.read())  # keeps key order, int vs float, big integers
        for case in data.get("cases", []):
            family = case["family"]
            tally = counts.setdefault(family, {"matched": 0, "mismatched": 0, "skipped": 0,
                                               "errored": 0})
            seq += 1
            sent = {"id": case["id"], "family": family, "now": case["now"]}
            if "nowMs" in case:
                sent["nowMs"] = case["nowMs"]
            sent["input"] = case["input"]
            try:
                answer = adapter.ask({"cmd": "run", "seq": seq, "case": sent})
            except Exception as e:  # noqa: BLE001
                print(f"adapter died on {case['id']}: {e}\n{adapter.stderr_tail()}",
                      file=sys.stderr)
                return 1
            if answer.get("seq") != seq:
                tally["errored"] += 1
                errors.append((case["id"], f"answer carries seq {answer.get('seq')}, sent {seq}"))
            elif "skipped" in answer:
                tally["skipped"] += 1
                skips.append((case["id"], answer["skipped"].get("reason")))
            elif "errored" in answer:
                tally["errored"] += 1
                errors.append((case["id"], answer["errored"].get("message")))
            else:
                problem = compare(case["output"], answer)
                if problem:
                    tally["mismatched"] += 1
                    mismatches.append((case["id"], problem))
                else:
                    tally["matched"] += 1

    status, rest = adapter.stop()
    stop_problem = None
    if status != 0 or rest.strip():
        stop_problem = f"after stop: exit status {status}, extra output {rest[:200]!r}"

    print(f"\n{'family':24} {'matched':>8} {'mismatched':>11} {'skipped':>8} {'errored':>8}")
    total = {"matched": 0, "mismatched": 0, "skipped": 0, "errored": 0}
    for family, tally in counts.items():
        print(f"{family:24} {tally['matched']:8} {tally['mismatched']:11} {tally['skipped']:8} "
              f"{tally['errored']:8}")
        for k in total:
            total[k] += tally[k]
    print(f"{'total':24} {total['matched']:8} {total['mismatched']:11} {total['skipped']:8} "
          f"{total['errored']:8}")

    for case_id, problem in mismatches:
        print(f"\nMISMATCH {case_id}\n    {problem}")
    for case_id, message in errors:
        print(f"\nERRORED {case_id}: {message}")
    if skips and not args.quiet:
        print()
        for case_id, reason in skips:
            print(f"skipped {case_id}: {reason}")
    if errors:
        print(f"\nadapter stderr (tail):\n{adapter.stderr_tail()}")
    if stop_problem:
        print(f"\n{stop_problem}")
    return 1 if (mismatches or errors or stop_problem) else 0


if __name__ == "__main__":
    sys.exit(main())
