#!/usr/bin/env python3
"""twilio-python adapter for twilio-jwt-conformance (adapter protocol v1).

Puts the real twilio-python library -- its `twilio.jwt` token helpers and its
`ValidationClient` -- behind the line protocol of conformance/protocol/PROTOCOL.md:
one JSON request per line on stdin, exactly one JSON response per line on stdout.
Logging goes to stderr only.

Interpreter
    Run it with a Python 3 that can `import twilio` (twilio needs PyJWT; the
    validation family also needs requests):

        /usr/bin/python3 adapter.py          # Debian/Ubuntu: apt-get install python3-twilio
        python3 -m pip install twilio        # anywhere else, then: python3 adapter.py

    If `twilio` (or its JWT helpers) cannot be imported, the adapter explains how to
    install it on stderr and exits with status 3 before reading any request, so a
    launcher can move on to the next interpreter.

Options
    --lib DIR   put DIR first on sys.path so that the `twilio` package in DIR
                (DIR/twilio/__init__.py, e.g. exported from a twilio-python git
                checkout with `git archive HEAD twilio | tar -x -C DIR`) is used
                instead of the installed one. May be repeated.

Families
    access_token, client_capability, taskrouter_capability, validation_token, jwt,
    in the input vocabulary of the oracle files (oracle/README.md, "python").
    Every input key is either mapped onto the library's own API or answered with
    `skipped` naming the key; the adapter never guesses at a key it does not know.
    Each family is a module beside this file (access_token.py, client_capability.py,
    taskrouter_capability.py, validation_token.py, base_jwt.py, and providers.py for
    credential_provider), over support.py (input readers, outcomes), library.py
    (loading twilio) and clock.py; this file is the protocol loop that dispatches to them.

Clock
    `time.time` (read by twilio-python) and `datetime.now` inside PyJWT's
    `jwt.api_jwt` (read when decoding) both return the case's `now` (or
    `nowMs / 1000`) for the whole case, and are put back after it.

Exit status
    0 after `stop` or at end of input, 2 for a bad command line, 3 when twilio
    cannot be imported.
"""

import argparse
import json
import os
import re
import sys
import traceback

# The family modules sit beside this file; make them importable from any working directory,
# before --lib puts a library folder first on sys.path. No __pycache__ is left beside them
# (in a checkout or an installed package).
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import providers  # noqa: E402 - the credential_provider family, where twilio has providers
from access_token import run_access_token  # noqa: E402
from base_jwt import run_jwt  # noqa: E402
from client_capability import run_client_capability  # noqa: E402
from clock import Clock  # noqa: E402
from library import load_library  # noqa: E402
from support import Lib, LibraryError, Skip, log  # noqa: E402
from taskrouter_capability import run_taskrouter_capability  # noqa: E402
from validation_token import run_validation_token  # noqa: E402


FAMILIES = {
    "access_token": run_access_token,
    "client_capability": run_client_capability,
    "taskrouter_capability": run_taskrouter_capability,
    "validation_token": run_validation_token,
    "jwt": run_jwt,
}


# --------------------------------------------------------------------------------------
# Protocol loop

def run_case(case, clock):
    if not isinstance(case, dict):
        return {"errored": {"message": "run request without a case object"}}
    family, inp = case.get("family"), case.get("input")
    if family == "credential_provider":
        return run_credential_provider(case)
    handler = FAMILIES.get(family)
    if handler is None or (family == "validation_token" and Lib.ValidationClient is None):
        return {"skipped": {"reason": f"family {family!r} is not run by this adapter"}}
    if not isinstance(inp, dict):
        return {"errored": {"message": "case input is not an object"}}
    now = case.get("nowMs") if case.get("nowMs") is not None else case.get("now")
    if isinstance(now, bool) or not isinstance(now, (int, float)):
        return {"errored": {"message": f"case has no numeric now/nowMs ({now!r})"}}
    if case.get("nowMs") is not None:
        now = now / 1000  # milliseconds win over seconds (protocol)
    try:
        with clock.frozen(now):
            output = handler(inp, clock)
        return {"output": output}
    except Skip as s:
        return {"skipped": {"reason": str(s)}}
    except LibraryError as e:
        return {"output": {"error": {"type": type(e.exc).__name__, "message": str(e.exc)}}}
    except Exception as e:  # noqa: BLE001 - a bug or surprise in the adapter itself
        log(f"case {case.get('id')}: adapter failure\n{traceback.format_exc()}")
        return {"errored": {"message": f"{type(e).__name__}: {e}"}}


def run_credential_provider(case):
    """The providers of twilio-python 9.x against the runner's server (providers.py); skipped
    where the installed twilio has none (Debian's 7.7.1)."""
    if not providers.available():
        return {"skipped": {"reason": f"twilio-python {Lib.twilio.__version__} has no credential providers (they came in 9.x)"}}
    try:
        return {"output": providers.run_provider_case(case.get("input"), case.get("now"))}
    except providers.VocabularyError as e:
        return {"skipped": {"reason": str(e)}}
    except Exception as e:  # noqa: BLE001 - a bug or surprise in the adapter itself
        log(f"case {case.get('id')}: adapter failure\n{traceback.format_exc()}")
        return {"errored": {"message": f"{type(e).__name__}: {e}"}}


def main(argv=None):
    parser = argparse.ArgumentParser(description="twilio-python adapter (protocol v1)")
    parser.add_argument("--lib", action="append", default=[], metavar="DIR",
                        help="use the twilio package found in DIR instead of the installed one")
    args = parser.parse_args(argv)

    # Protocol lines go to the real stdout only; any stray print lands on stderr.
    out = sys.stdout.buffer
    sys.stdout = sys.stderr
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)  # big integers in case input must parse exactly

    load_library(args.lib)
    families = [f for f in FAMILIES if f != "validation_token" or Lib.ValidationClient is not None]
    if providers.available():
        families.append("credential_provider")
    clock = Clock()

    def reply(obj):
        try:
            text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
        except ValueError as e:  # e.g. a decoded payload holding NaN
            text = json.dumps({"seq": obj.get("seq"),
                               "errored": {"message": f"response not expressible as JSON: {e}"}})
        out.write(text.encode("ascii") + b"\n")
        out.flush()

    def unreadable(raw, why):
        # Still one line per request; echo the seq when it can be seen at all.
        found = re.search(rb'"seq"\s*:\s*(\d+)', raw)
        reply({**({"seq": int(found.group(1))} if found else {}), "errored": {"message": why}})

    for raw in sys.stdin.buffer:
        if not raw.strip():
            continue
        try:
            request = json.loads(raw.decode("utf-8"))  # keeps key order, int/float, big ints
        except ValueError as e:
            unreadable(raw, f"request is not JSON: {e}")
            continue
        if not isinstance(request, dict):
            unreadable(raw, "request is not a JSON object")
            continue
        cmd = request.get("cmd")
        if cmd == "start":
            reply({"version": 1, "implementation": {
                "name": "twilio-python", "version": Lib.twilio.__version__,
                "language": "python", "profile": "python", "families": families}})
        elif cmd == "run":
            reply({"seq": request.get("seq"), **run_case(request.get("case"), clock)})
        elif cmd == "stop":
            return 0
        else:
            reply({"seq": request.get("seq"), "errored": {"message": f"unknown cmd {cmd!r}"}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
