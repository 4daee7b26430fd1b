"""Times twilio-python's AccessToken.to_jwt inside its own interpreter, on the same varying
inputs as scripts/bench.ts (a new identity and clock each iteration). Prints the median ops/s."""
import sys
import time
from unittest import mock

from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant, VoiceGrant

REPS, SLICE = int(sys.argv[1]), int(sys.argv[2]) / 1000
AC, SK, SECRET, AP = "AC" + "a" * 32, "SK" + "b" * 32, "secret_0123456789abcdef0123456789", "AP" + "1" * 32
T0 = 1_700_000_000
clock = [T0]
real_time = time.time
counter = [0]


def mint():
    i = counter[0]
    counter[0] += 1
    clock[0] = T0 + i
    t = AccessToken(AC, SK, SECRET, identity=f"user-{i}")
    t.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=AP))
    t.add_grant(VideoGrant(room="room-1"))
    return t.to_jwt()


def timed_slice():
    start = real_time()
    n = 0
    while real_time() - start < SLICE:
        for _ in range(64):
            mint()
        n += 64
    return n / (real_time() - start)


with mock.patch("twilio.jwt.time.time", lambda: clock[0]), mock.patch("twilio.jwt.access_token.time.time", lambda: clock[0]):
    timed_slice()
    rates = sorted(timed_slice() for _ in range(REPS))
print(rates[len(rates) // 2])
