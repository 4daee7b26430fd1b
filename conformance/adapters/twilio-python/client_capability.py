"""The client_capability family: ClientCapabilityToken and its scopes."""

from support import Lib, Skip, check_keys, kwargs_from, lib, mint, need_dict, need_list, TO_JWT_KEYS


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
