"""The frozen clock of a case: `time.time` (read by twilio-python) and `datetime.now` inside
PyJWT's `jwt.api_jwt` (read when decoding) both return the case's clock."""

import contextlib
import datetime
import time

from support import Lib, Skip


class Clock:
    def __init__(self):
        self.value = None

    def set(self, seconds):
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise Skip(f"clock value {seconds!r} is not a number")
        # Kept as given (an int stays exact); twilio truncates with int() either way.
        self.value = seconds

    def time(self):
        return self.value

    @contextlib.contextmanager
    def frozen(self, seconds):
        self.set(seconds)
        clock = self

        class FrozenDatetime(datetime.datetime):
            # PyJWT validates exp/nbf against datetime.now(tz=utc) (older 2.x: utcnow()).
            @classmethod
            def now(cls, tz=None):
                return datetime.datetime.fromtimestamp(clock.value, tz)

            @classmethod
            def utcnow(cls):
                return datetime.datetime.fromtimestamp(
                    clock.value, datetime.timezone.utc).replace(tzinfo=None)

        saved_time = time.time
        saved_dt = getattr(Lib.api_jwt, "datetime", None)
        time.time = self.time  # twilio reads `time.time()` through the module at call time
        if saved_dt is not None:
            Lib.api_jwt.datetime = FrozenDatetime
        try:
            yield self
        finally:
            time.time = saved_time
            if saved_dt is not None:
                Lib.api_jwt.datetime = saved_dt
