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

Clock
    `time.time` (read by twilio-python) and `datetime.now` inside PyJWT's
    `jwt.api_jwt` (read when decoding) both return the case's `now` (or
    `nowMs / 1000`) for the whole case, and are put back after it.

Exit status
    0 after `stop` or at end of input, 2 for a bad command line, 3 when twilio
    cannot be imported.
"""

import argparse
import base64
import contextlib
import datetime
import json
import os
import re
import sys
import time
import traceback


def log(*parts):
    print("[twilio-python adapter]", *parts, file=sys.stderr, flush=True)


def die(status, message):
    log(message)
    sys.exit(status)


INSTALL_HINT = (
    "Install twilio-python for this interpreter: `apt-get install python3-twilio` "
    "(Debian/Ubuntu system python, /usr/bin/python3) or `{py} -m pip install twilio`, "
    "or point --lib at a directory holding a `twilio` package."
)


# --------------------------------------------------------------------------------------
# Loading the library

class Lib:
    """The twilio-python objects the adapter calls, filled in by load_library()."""


def load_library(lib_dirs):
    for d in reversed(lib_dirs):
        sys.path.insert(0, os.path.abspath(d))
    hint = INSTALL_HINT.format(py=sys.executable or "python3")
    try:
        import twilio
    except ImportError as e:
        die(3, f"cannot import twilio with {sys.executable} ({e}). {hint}")
    where = os.path.dirname(os.path.abspath(twilio.__file__))
    if lib_dirs and not any(where.startswith(os.path.abspath(d) + os.sep) for d in lib_dirs):
        # Silently testing the installed copy instead of the requested one would mislead.
        die(3, f"--lib {' '.join(lib_dirs)} holds no twilio package; "
               f"twilio would come from {where}")
    try:
        import jwt as pyjwt
        import jwt.api_jwt
        from twilio.jwt import Jwt
        from twilio.jwt.access_token import AccessToken
        from twilio.jwt.access_token import grants
        from twilio.jwt.client import ClientCapabilityToken
        from twilio.jwt.taskrouter import TaskRouterCapabilityToken
        from twilio.jwt.taskrouter import capabilities
        from twilio.jwt.validation import ClientValidationJwt
    except ImportError as e:
        die(3, f"twilio {twilio.__version__} ({where}) imports, but its JWT helpers do not "
               f"({e}). They need PyJWT: `apt-get install python3-jwt` or "
               f"`{sys.executable} -m pip install PyJWT`.")

    Lib.twilio = twilio
    Lib.pyjwt = pyjwt
    Lib.api_jwt = jwt.api_jwt
    Lib.Jwt = Jwt
    Lib.AccessToken = AccessToken
    Lib.grants = grants
    Lib.ClientCapabilityToken = ClientCapabilityToken
    Lib.TaskRouterCapabilityToken = TaskRouterCapabilityToken
    Lib.capabilities = capabilities
    Lib.ClientValidationJwt = ClientValidationJwt
    try:
        # Needs `requests`; without it only the validation family is lost.
        from twilio.http.validation_client import ValidationClient, ValidationPayload
        Lib.ValidationClient, Lib.ValidationPayload = ValidationClient, ValidationPayload
    except ImportError as e:
        log(f"validation_token disabled: cannot import twilio.http.validation_client ({e})")
        Lib.ValidationClient = Lib.ValidationPayload = None

    class CaseJwt(Jwt):
        """The minimal subclass the `jwt` family encodes with: it returns the case's
        payload and headers unchanged, so everything else is the base class's doing."""

        case_payload = {}
        case_headers = {}

        def _generate_payload(self):
            return self.case_payload

        def _generate_headers(self):
            return self.case_headers

    Lib.CaseJwt = CaseJwt
    log(f"twilio {twilio.__version__} from {where}; PyJWT {getattr(pyjwt, '__version__', '?')}; "
        f"python {sys.version.split()[0]} ({sys.executable})")


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
# The frozen clock

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


# --------------------------------------------------------------------------------------
# access_token

AT_ARGS = {
    "accountSid": "account_sid", "keySid": "signing_key_sid", "secret": "secret",
    "identity": "identity", "ttl": "ttl", "nbf": "nbf", "region": "region",
    "validUntil": "valid_until",
    # AccessToken has no algorithm parameter; passing it lets Python reject it
    # (oracle access_token/algorithm-not-selectable).
    "algorithm": "algorithm",
}

# Grant option vocabulary -> the grant constructors' keyword names. An option given to a
# grant whose constructor lacks it is still passed, so Python raises the TypeError.
GRANT_OPTIONS = {
    "incomingAllow": "incoming_allow", "outgoingApplicationSid": "outgoing_application_sid",
    "outgoingApplicationParams": "outgoing_application_params",
    "pushCredentialSid": "push_credential_sid", "endpointId": "endpoint_id", "room": "room",
    "serviceSid": "service_sid", "deploymentRoleSid": "deployment_role_sid",
    "workspaceSid": "workspace_sid", "workerSid": "worker_sid", "role": "role", "grant": "grant",
    "configurationProfileSid": "configuration_profile_sid",  # ConversationsGrant (7.x only)
}

GRANT_CLASSES = {
    "voice": "VoiceGrant", "video": "VideoGrant", "chat": "ChatGrant", "sync": "SyncGrant",
    "task_router": "TaskRouterGrant", "playback": "PlaybackGrant",
    # Only in twilio-python 7.x (removed in 8.0.0).
    "ip_messaging": "IpMessagingGrant", "conversations": "ConversationsGrant",
}


def grant_maker(item, i):
    """Check one grants[] item and return a thunk that builds it through the library."""
    where = f"grants[{i}]."
    need_dict(item, f"grants[{i}]")
    kind = item.get("type")
    if kind == "raw":
        # The value itself is handed over as a grant (which the library rejects).
        check_keys(item, {"type", "value"}, where)
        if "value" not in item:
            raise Skip(f"{where}value missing for a raw grant")
        return lambda: item["value"]
    check_keys(item, {"type", "options"}, where)
    if kind not in GRANT_CLASSES:
        raise Skip(f"{where}type {kind!r} is not a twilio-python grant")
    cls = getattr(Lib.grants, GRANT_CLASSES[kind], None)
    if cls is None:
        raise Skip(f"twilio-python {Lib.twilio.__version__} has no {GRANT_CLASSES[kind]} "
                   f"(grant type {kind!r})")
    options = need_dict(item.get("options", {}), f"{where}options")
    check_keys(options, GRANT_OPTIONS, f"{where}options.")
    # Keywords go in the order written: of two a grant lacks, Python names the first passed.
    kwargs = {GRANT_OPTIONS[k]: v for k, v in options.items()}
    return lambda: lib(cls, **kwargs)


def run_access_token(inp, clock):
    check_keys(inp, set(AT_ARGS) | {"grants", "grantsVia"} | TO_JWT_KEYS, "")
    kwargs = kwargs_from(inp, AT_ARGS)
    via = inp.get("grantsVia", "add_grant")
    if via not in ("add_grant", "constructor"):
        raise Skip(f"grantsVia {via!r}: twilio-python takes grants through the constructor "
                   "or add_grant()")
    if via == "constructor":
        if inp.get("grants") is not None:
            makers = [grant_maker(g, i) for i, g in enumerate(need_list(inp["grants"], "grants"))]
            kwargs["grants"] = [make() for make in makers]
        elif "grants" in inp:
            kwargs["grants"] = None
        token = lib(Lib.AccessToken, **kwargs)
    else:
        items = need_list(inp.get("grants", []), "grants")
        makers = [grant_maker(g, i) for i, g in enumerate(items)]
        token = lib(Lib.AccessToken, **kwargs)
        for make in makers:
            lib(token.add_grant, make())
    return mint(token, inp, clock)


# --------------------------------------------------------------------------------------
# client_capability

CC_ARGS = {"accountSid": "account_sid", "authToken": "auth_token", "ttl": "ttl", "nbf": "nbf",
           # Accepted and ignored by ClientCapabilityToken (oracle valid-until-ignored).
           "validUntil": "valid_until"}

def scope_call(scope, i):
    """(allow_* method name, keyword arguments) of one scopes[] item. The constructor form
    takes the same dicts under keywords of the same names."""
    where = f"scopes[{i}]."
    need_dict(scope, f"scopes[{i}]")
    kind = scope.get("type")
    if kind == "incoming":
        check_keys(scope, {"type", "clientName"}, where)
        kw = {"client_name": scope["clientName"]} if "clientName" in scope else {}
        return "allow_client_incoming", kw
    if kind == "outgoing":
        if "clientName" in scope:
            raise Skip(f"{where}clientName: allow_client_outgoing() has no client name argument "
                       "(a clientName keyword would become an appParam; see params)")
        check_keys(scope, {"type", "applicationSid", "params"}, where)
        kw = {"application_sid": scope["applicationSid"]} if "applicationSid" in scope else {}
        params = need_dict(scope.get("params", {}), f"{where}params")
        if "application_sid" in params and kw:
            raise Skip(f"{where}params.application_sid collides with applicationSid")
        kw.update(params)  # params are the method's **kwargs, in the order written
        return "allow_client_outgoing", kw
    if kind == "event_stream":
        check_keys(scope, {"type", "filters"}, where)
        return "allow_event_stream", dict(need_dict(scope.get("filters", {}), f"{where}filters"))
    raise Skip(f"{where}type {kind!r} is not a ClientCapabilityToken scope")


def run_client_capability(inp, clock):
    check_keys(inp, set(CC_ARGS) | {"scopes", "scopesVia"} | TO_JWT_KEYS, "")
    kwargs = kwargs_from(inp, CC_ARGS)
    via = inp.get("scopesVia", "allow")
    if via not in ("allow", "constructor"):
        raise Skip(f"scopesVia {via!r}: twilio-python takes scopes through the constructor "
                   "or the allow_*() methods")
    calls = [scope_call(s, i) for i, s in enumerate(need_list(inp.get("scopes", []), "scopes"))]
    if via == "constructor":
        for name, kw in calls:
            if name in kwargs:
                raise Skip(f"scopesVia constructor takes one {name} scope; the case has several")
            kwargs[name] = kw  # the constructor applies them in its own fixed order
        token = lib(Lib.ClientCapabilityToken, **kwargs)
    else:
        token = lib(Lib.ClientCapabilityToken, **kwargs)
        for name, kw in calls:
            lib(getattr(token, name), **kw)
    return mint(token, inp, clock)


# --------------------------------------------------------------------------------------
# taskrouter_capability

TR_ARGS = {"accountSid": "account_sid", "authToken": "auth_token", "workspaceSid": "workspace_sid",
           "ttl": "ttl", "nbf": "nbf", "validUntil": "valid_until"}

# flavor -> (class, keyword that receives channelId)
TR_FLAVORS = {
    "worker": (lambda: Lib.capabilities.WorkerCapabilityToken, "worker_sid"),
    "taskqueue": (lambda: Lib.capabilities.TaskQueueCapabilityToken, "task_queue_sid"),
    "workspace": (lambda: Lib.capabilities.WorkspaceCapabilityToken, None),
    "base": (lambda: Lib.TaskRouterCapabilityToken, "channel_id"),
}

# The allow_* shortcuts: constructor booleans and methods of the same names. Options or
# helpers a flavor lacks are still passed (ignored kwargs, AttributeError on call), as the
# library itself decides.
TR_ALLOW = [
    "allowWebSockets", "allowFetchSelf", "allowUpdateSelf", "allowDeleteSelf",
    "allowFetchSubresources", "allowUpdateSubresources", "allowDeleteSubresources",
    "allowFetchActivities", "allowFetchReservations", "allowFetchWorkerReservations",
    "allowUpdateActivities", "allowUpdateReservations",
]


def run_taskrouter_capability(inp, clock):
    check_keys(inp, set(TR_ARGS) | {"channelId", "flavor", "options", "helpers"} | TO_JWT_KEYS, "")
    flavor = inp.get("flavor")
    if flavor not in TR_FLAVORS:
        raise Skip(f"flavor {flavor!r}: twilio-python needs worker|taskqueue|workspace|base")
    get_cls, channel_kw = TR_FLAVORS[flavor]
    kwargs = kwargs_from(inp, TR_ARGS)
    if channel_kw is not None:
        if "channelId" in inp:
            kwargs[channel_kw] = inp["channelId"]
    elif "channelId" in inp and inp["channelId"] != inp.get("workspaceSid", object()):
        raise Skip("channelId: WorkspaceCapabilityToken has no channel argument "
                   "(its channel is the workspace sid)")
    options = need_dict(inp.get("options", {}), "options")
    check_keys(options, TR_ALLOW, "options.")
    kwargs.update((camel_to_snake(k), v) for k, v in options.items())
    helpers = []
    for i, h in enumerate(need_list(inp.get("helpers", []), "helpers")):
        need_dict(h, f"helpers[{i}]")
        check_keys(h, {"call", "args"}, f"helpers[{i}].")
        if h.get("call") not in TR_ALLOW:
            raise Skip(f"helpers[{i}].call {h.get('call')!r} is not a twilio-python "
                       "TaskRouter capability method")
        args = need_list(h.get("args", []), f"helpers[{i}].args")
        helpers.append((camel_to_snake(h["call"]), args))
    token = lib(get_cls(), **kwargs)
    for name, args in helpers:
        method = lib(getattr, token, name)
        lib(method, *args)
    return mint(token, inp, clock)


# --------------------------------------------------------------------------------------
# validation_token

VT_ARGS = {"accountSid": "account_sid", "signingKey": "api_key_sid",
           "credentialSid": "credential_sid", "privateKeyPem": "private_key"}
VT_FIXED = {"ttl", "algorithm", "nbf", "validUntil"}
REQUEST_ARGS = {"method": "method", "url": "url", "headers": "headers", "params": "params",
                "data": "data", "auth": "auth"}
PAYLOAD_ARGS = {"method": "method", "path": "path", "queryString": "query_string",
                "allHeaders": "all_headers", "signedHeaders": "signed_headers", "body": "body"}


class _SentResponse:
    """What the mocked HTTP send returns: ValidationClient only reads these two."""
    status_code = 200
    text = ""


@contextlib.contextmanager
def hash_recorder():
    """Records every (input, digest) of ClientValidationJwt._hash for this case: the
    canonical request is the input whose digest became `rqh`. Behaviour is unchanged."""
    cls = Lib.ClientValidationJwt
    original = cls.__dict__.get("_hash")
    if not isinstance(original, classmethod):
        raise RuntimeError("ClientValidationJwt._hash is not a classmethod in this twilio "
                           "version; cannot observe the canonical request")
    calls = []

    def recording(klass, value):
        digest = original.__func__(klass, value)
        calls.append((value, digest))
        return digest

    cls._hash = classmethod(recording)
    try:
        yield calls
    finally:
        cls._hash = original


def run_validation_token(inp, clock):
    fixed = sorted(VT_FIXED & set(inp))
    if fixed:
        raise Skip(f"{fixed[0]}: ClientValidationJwt takes no {fixed[0]} (ttl is fixed at 300, "
                   "nbf is the default, the algorithm is RS256)")
    if Lib.ValidationClient is None:
        raise Skip("twilio.http.validation_client cannot be imported here (requests missing?)")
    check_keys(inp, set(VT_ARGS) | {"mode", "request", "validationPayload", "toJwtTtl"}, "")
    mode = inp.get("mode")
    if mode is None:
        # Only ValidationClient signs a `request`; only ClientValidationJwt takes a payload.
        mode = "client" if "request" in inp else "payload" if "validationPayload" in inp else None
    if mode == "client":
        if "toJwtTtl" in inp:
            raise Skip("toJwtTtl: ValidationClient.request() calls to_jwt() itself, without a ttl")
        check_keys(inp, set(VT_ARGS) | {"mode", "request"}, "")
        request = need_dict(inp.get("request", {}), "request")
        check_keys(request, REQUEST_ARGS, "request.")
        req_kwargs = kwargs_from(request, REQUEST_ARGS)
        if isinstance(req_kwargs.get("auth"), list):
            req_kwargs["auth"] = tuple(req_kwargs["auth"])  # requests wants a (user, pass) tuple
        with hash_recorder() as hashes:
            client = lib(Lib.ValidationClient, **kwargs_from(inp, VT_ARGS))
            sent = []
            client.session.send = lambda prepared, **kw: sent.append(prepared) or _SentResponse()
            lib(client.request, **req_kwargs)
        if not sent:
            raise RuntimeError("ValidationClient.request returned without sending")
        token = sent[0].headers["Twilio-Client-Validation"]
    elif mode == "payload":
        check_keys(inp, set(VT_ARGS) | {"mode", "validationPayload", "toJwtTtl"}, "")
        kwargs = kwargs_from(inp, VT_ARGS)
        with hash_recorder() as hashes:
            if "validationPayload" in inp:
                vp = inp["validationPayload"]
                if vp is None:
                    kwargs["validation_payload"] = None
                else:
                    need_dict(vp, "validationPayload")
                    check_keys(vp, PAYLOAD_ARGS, "validationPayload.")
                    kwargs["validation_payload"] = lib(Lib.ValidationPayload,
                                                       **kwargs_from(vp, PAYLOAD_ARGS))
            jwt = lib(Lib.ClientValidationJwt, **kwargs)
            token = mint(jwt, inp, clock)["token"]
    else:
        raise Skip(f"mode {mode!r}: twilio-python signs either a request (client) or a "
                   "ValidationPayload (payload)")
    rqh = segment_json(token, 1).get("rqh")
    canonical = [value for value, digest in hashes if digest == rqh and digest]
    if not canonical:
        raise RuntimeError("could not observe the canonical request behind rqh")
    canonical = canonical[-1]
    if isinstance(canonical, bytes):
        canonical = canonical.decode("utf-8")
    return {"token": token, "canonicalRequest": canonical, "requestHash": rqh}


# --------------------------------------------------------------------------------------
# jwt (the base class)

JWT_ARGS = {"secretKey": "secret_key", "issuer": "issuer", "subject": "subject",
            "algorithm": "algorithm", "ttl": "ttl", "nbf": "nbf", "validUntil": "valid_until"}

# SubjectPublicKeyInfo of the RSA key used by the validation_token cases
# (input `keyIsPublicKeyOfFixtureRsa`).
FIXTURE_RSA_PUBLIC_PEM = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvS+UP6YJLEd0EovyI4m+\n"
    "UnckyPS/KQawPHBLWW/ZiOBId9k4D+qDUSDNdmkWhx5T5tJrSjc12Wx/238wFsl9\n"
    "u6eKoL3DHc0mEs3PC78VqtMMBLt9d7MfK5/M3Iotnj1y/xFDO4IiNrecT8VUTL+Q\n"
    "k5wWRrIYTd7TWzzOBj2PmzahVtSNoHXuCqTQiwVc0pr2gqn7q8OlcrOApLLhC1P8\n"
    "ZJm4OEDS4FIwx9KYG/MPge1t2INb2TiNojSJYmiBE9/vUsWntBFkaWKWQ+yYE/Bo\n"
    "zJnakO2Z0P1X9G+5TksiDkh8MnkQghJHf6cPUBHImplwUbXFiCt1CVV1BDjUbiZK\n"
    "JQIDAQAB\n"
    "-----END PUBLIC KEY-----\n"
)


def decode_classes():
    names = {"Jwt": Lib.Jwt, "AccessToken": Lib.AccessToken,
             "ClientCapabilityToken": Lib.ClientCapabilityToken,
             "TaskRouterCapabilityToken": Lib.TaskRouterCapabilityToken,
             "ClientValidationJwt": Lib.ClientValidationJwt}
    for name in ("WorkerCapabilityToken", "TaskQueueCapabilityToken", "WorkspaceCapabilityToken"):
        names[name] = getattr(Lib.capabilities, name)
    return names


def run_jwt(inp, clock):
    op = inp.get("op")
    if op in ("encode", "encodeTwice"):
        check_keys(inp, set(JWT_ARGS) | {"op", "headers", "payload"} | TO_JWT_KEYS, "")
        token = lib(Lib.CaseJwt, **kwargs_from(inp, JWT_ARGS))
        if "payload" in inp:
            token.case_payload = inp["payload"]
        if "headers" in inp:
            token.case_headers = inp["headers"]
        return mint(token, inp, clock, second=(op == "encodeTwice"))
    if op == "decode":
        check_keys(inp, {"op", "token", "key", "class", "keyIsPublicKeyOfFixtureRsa",
                         "reencode"}, "")
        classes = decode_classes()
        cls = classes.get(inp.get("class", "Jwt"))
        if cls is None:
            raise Skip(f"class {inp.get('class')!r} is not a twilio-python Jwt class")
        args = [inp["token"]] if "token" in inp else []
        kwargs = {"key": inp["key"]} if "key" in inp else {}
        fixture = inp.get("keyIsPublicKeyOfFixtureRsa", False)
        if not isinstance(fixture, bool):
            raise Skip(f"keyIsPublicKeyOfFixtureRsa {fixture!r} is not a boolean")
        if fixture:
            if kwargs:
                raise Skip("both key and keyIsPublicKeyOfFixtureRsa given")
            kwargs["key"] = FIXTURE_RSA_PUBLIC_PEM
        reencode = inp.get("reencode", False)
        if not isinstance(reencode, bool):
            raise Skip(f"reencode {reencode!r} is not a boolean")
        decoded = lib(cls.from_jwt, *args, **kwargs)
        # Read back through the object's own properties: an empty decoded payload makes
        # `.payload` raise NotImplementedError, which is the library's answer.
        header = lib(lambda: decoded.headers)
        payload = lib(lambda: decoded.payload)
        if reencode:
            # The call is part of the case, so its rejection is the answer; the token itself
            # has no field in protocol v1 (decoded allows header and payload only).
            log(f"reencoded: {lib(decoded.to_jwt)}")
        return {"decoded": {"header": header, "payload": payload}}
    raise Skip(f"op {op!r}: the jwt family has encode, encodeTwice and decode")


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
    import providers  # beside this file
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
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import providers  # beside this file: the credential_provider family, where twilio has providers
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
