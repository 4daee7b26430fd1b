#!/usr/bin/env python3
"""The smallest useful adapter: twilio-python's AccessToken behind protocol v1.

Run it with the conformance runner:

    npx twilio-jwt-conformance smoke --adapter "python3 docs/examples/python/minimal_adapter.py"
    npx twilio-jwt-conformance run --adapter "python3 docs/examples/python/minimal_adapter.py" --families access_token

It handles the core access_token vocabulary and skips everything else, which is what an adapter
for a new SDK looks like on its first day. The full adapter is conformance/adapters/twilio-python.
"""
import json
import sys
import time
from unittest import mock

try:
    import twilio
    from twilio.jwt.access_token import AccessToken
    from twilio.jwt.access_token import grants as g
    GRANTS = {"voice": g.VoiceGrant, "video": g.VideoGrant, "chat": g.ChatGrant,
              "sync": g.SyncGrant, "task_router": g.TaskRouterGrant, "playback": g.PlaybackGrant}
except ImportError as e:  # say so at start instead of failing every case
    twilio = None
    MISSING = f"twilio-python is not installed for {sys.executable} ({e})"
ARGS = {"accountSid": "account_sid", "keySid": "signing_key_sid", "secret": "secret",
        "identity": "identity", "ttl": "ttl", "nbf": "nbf", "region": "region", "validUntil": "valid_until"}


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def run(case):
    if case["family"] != "access_token":
        return {"skipped": {"reason": f"this adapter only does access_token, not {case['family']}"}}
    inp = case["input"]
    unknown = set(inp) - set(ARGS) - {"grants"}
    if unknown:  # never guess at a key you do not know
        return {"skipped": {"reason": f"unknown input keys {sorted(unknown)}"}}
    now = case["nowMs"] / 1000 if "nowMs" in case else case["now"]
    try:
        with mock.patch("time.time", return_value=now):  # freeze the clock for this case
            token = AccessToken(**{ARGS[k]: v for k, v in inp.items() if k in ARGS})
            for grant in inp.get("grants", []):
                if grant.get("type") not in GRANTS:
                    return {"skipped": {"reason": f"grant type {grant.get('type')!r}"}}
                options = {snake(k): v for k, v in grant.get("options", {}).items()}
                token.add_grant(GRANTS[grant["type"]](**options))
            return {"output": {"token": token.to_jwt()}}
    except Exception as e:  # the library rejected the input: that is an answer too
        return {"output": {"error": {"type": type(e).__name__, "message": str(e)}}}


def main():
    for line in sys.stdin:  # one JSON request per line, one JSON answer per line
        if not line.strip():
            continue
        req = json.loads(line)  # json.loads keeps key order, ints vs floats and big integers
        if req["cmd"] == "start" and twilio is None:
            answer = {"version": 1, "unavailable": {"reason": MISSING, "install": "pip install twilio"}}
        elif req["cmd"] == "start":
            answer = {"version": 1, "implementation": {"name": "minimal-twilio-python", "version": twilio.__version__,
                                                        "language": "python", "profile": "python",
                                                        "families": ["access_token"]}}
        elif req["cmd"] == "run":
            try:
                answer = {"seq": req["seq"], **run(req["case"])}
            except Exception as e:  # a bug in the adapter, not an answer from the library
                answer = {"seq": req["seq"], "errored": {"message": repr(e)}}
        else:
            return
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
