"""The access_token family: AccessToken and its grants."""

from support import Lib, Skip, check_keys, kwargs_from, lib, mint, need_dict, need_list, TO_JWT_KEYS


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
