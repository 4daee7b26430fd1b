"""The validation_token family: ValidationClient.request and ClientValidationJwt."""

import contextlib

from support import Lib, Skip, check_keys, kwargs_from, lib, mint, need_dict, segment_json


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
