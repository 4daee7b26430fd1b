"""What every family module of the twilio-python adapter shares: logging, the holder of the
library's objects, the three outcomes (an answer, the library's rejection, `skipped`) and the
readers of the case input, including the to_jwt() call pattern of the HMAC families."""

import base64
import json
import sys


def log(*parts):
    print("[twilio-python adapter]", *parts, file=sys.stderr, flush=True)


def die(status, message):
    log(message)
    sys.exit(status)


class Lib:
    """The twilio-python objects the adapter calls, filled in by load_library() (library.py)."""


# --------------------------------------------------------------------------------------
# Outcomes

class Skip(Exception):
    """The case cannot be expressed with twilio-python's API (answered `skipped`)."""


class LibraryError(Exception):
    """An exception raised by twilio-python / PyJWT (answered `output.error`)."""

    def __init__(self, exc):
        super().__init__(exc)
        self.exc = exc


def lib(fn, *args, **kwargs):
    """Call into the library. Only exceptions raised here count as the library's
    rejection; anything raised by the adapter's own code becomes `errored`."""
    try:
        return fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - every library exception is a result
        raise LibraryError(e) from e


# --------------------------------------------------------------------------------------
# Reading the case input

# Quirk keys of other libraries' object APIs, which twilio-python has no counterpart for.
NOT_MODELLED = {
    "setAfter": "assigns option/property setters after construction (a twilio-node/twilio-ruby "
                "object-API quirk with no twilio-python counterpart in the vocabulary)",
    "constructorGrants": "mixes constructor and add_grant grants (a twilio-ruby quirk)",
    "optionsAbsent": "omits the options object itself (a twilio-node quirk); "
                     "twilio-python takes keyword arguments",
    "optionsValue": "passes a non-object as the options argument (a twilio-node quirk); "
                    "twilio-python takes keyword arguments",
    "ttlVia": "chooses how twilio-node receives ttl; ClientValidationJwt has no ttl parameter",
    "via": "signs through a full REST client (twilio-node); only ValidationClient.request "
           "is modelled",
    "apiCall": "signs through a full REST client call (twilio-node); only ValidationClient.request "
               "is modelled",
    "clientCredentials": "signs through a full REST client (twilio-node); only "
                         "ValidationClient.request is modelled",
}


def check_keys(obj, allowed, where):
    """Refuse any key the adapter does not map, naming it."""
    for key in obj:
        if key in allowed:
            continue
        if key in NOT_MODELLED:
            raise Skip(f"{where}{key}: {NOT_MODELLED[key]}")
        raise Skip(f"unknown input key {where}{key}")


def need_dict(value, where):
    if not isinstance(value, dict):
        raise Skip(f"{where} is {json.dumps(value)}, not an object; twilio-python takes "
                   "keyword arguments here")
    return value


def need_list(value, where):
    if not isinstance(value, list):
        raise Skip(f"{where} is {json.dumps(value)}, not a list")
    return value


def kwargs_from(inp, mapping):
    """camelCase input keys -> the library's keyword names; absent keys are not passed."""
    return {py: inp[key] for key, py in mapping.items() if key in inp}


def camel_to_snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


# to_jwt call pattern shared by every HMAC family.
TO_JWT_KEYS = {"toJwtTtl", "toJwtTwice", "secondNow", "extraToJwtCalls"}


def mint(token, inp, clock, second=False):
    """to_jwt() as the case asks: `toJwtTtl` is to_jwt(ttl=...); `extraToJwtCalls` are
    discarded calls before the answered one; `toJwtTwice` (or `second`) calls it again,
    at `secondNow` when given, and answers that token as `secondToken`."""
    kw = {"ttl": inp["toJwtTtl"]} if "toJwtTtl" in inp else {}
    extra = inp.get("extraToJwtCalls", 0)
    if isinstance(extra, bool) or not isinstance(extra, int) or extra < 0:
        raise Skip(f"extraToJwtCalls {extra!r} is not a call count")
    twice = inp.get("toJwtTwice", False)
    if not isinstance(twice, bool):
        raise Skip(f"toJwtTwice {twice!r} is not a boolean")
    twice = twice or second
    if "secondNow" in inp and not twice:
        raise Skip("secondNow given without a second to_jwt() call")
    for _ in range(extra):
        lib(token.to_jwt, **kw)
    out = {"token": lib(token.to_jwt, **kw)}
    if twice:
        if "secondNow" in inp:
            clock.set(inp["secondNow"])
        out["secondToken"] = lib(token.to_jwt, **kw)
    return out


def segment_json(token, index):
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))

