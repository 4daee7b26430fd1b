"""The taskrouter_capability family: the TaskRouter capability tokens of each flavor."""

from support import (Lib, Skip, camel_to_snake, check_keys, kwargs_from, lib, mint, need_dict,
                     need_list, TO_JWT_KEYS)


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
