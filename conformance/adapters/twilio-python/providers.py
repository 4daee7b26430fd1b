"""The credential_provider family for the twilio-python adapter (protocol v1, PROTOCOL.md).

twilio-python's providers came in 9.x; Debian's python3-twilio 7.7.1 has none, and there the
family is skipped. With a 9.x importable (an installed one, or a `git archive` of the repository
passed with --lib), each case runs the library's own ClientCredentialProvider /
OrgsCredentialProvider against the runner's local server: requests goes through the server's
HTTPS proxy (HTTPS_PROXY) and trusts its throwaway CA (REQUESTS_CA_BUNDLE), both read from the
environment on every request, and set only for the duration of the case. The clock is frozen
where the token strategy reads it (its module's `datetime`), as the transcripts were recorded.
"""
import contextlib
import datetime
import io
import os
import tempfile
import threading
import urllib.request

ACCOUNT = "AC00000000000000000000000000000001"
ORG = "OR00000000000000000000000000000001"
STEP_KEYS = {"op", "label", "at", "parallel", "resource", "auth", "strategy", "strategyClass", "token", "username", "password", "ask"}
OPS = ("api", "authString", "authTypes", "build", "strategy", "authTypeMembers", "tokenParams")
# The questions a strategy step asks each class, in this order unless the step's `ask` says otherwise.
QUESTIONS = {
    "noauth": ("authType", "authString", "requiresAuthentication"),
    "token": ("authType", "requiresAuthentication", "tokenExpired"),
    "basic": ("authType", "authString", "requiresAuthentication"),
}
PROVIDER_OPS = ("authString", "authTypes", "build", "tokenParams")
INPUT_KEYS = {"provider", "client", "environment", "steps", "mock", "server"}


class VocabularyError(Exception):
    """The case is outside the family's vocabulary: the adapter answers skipped."""


def available():
    """twilio-python with credential providers (9.x) is importable."""
    try:
        import twilio.credential.client_credential_provider  # noqa: F401
        import twilio.credential.orgs_credential_provider  # noqa: F401
        return True
    except ImportError:
        return False


def check(inp):
    if not isinstance(inp, dict) or set(inp) - INPUT_KEYS:
        raise VocabularyError(f"credential_provider: input keys {sorted(set(inp) - INPUT_KEYS) if isinstance(inp, dict) else inp!r} are not in the vocabulary")
    # An absent provider: the client uses the credentials it has (or none).
    provider = inp.get("provider")
    if "provider" in inp and (not isinstance(provider, dict) or provider.get("type") not in ("client_credentials", "orgs", "noauth")):
        raise VocabularyError("credential_provider: provider.type is not known")
    steps = inp.get("steps")
    if not isinstance(steps, list) or not steps:
        raise VocabularyError("credential_provider: steps must be a non-empty list")
    for s in steps:
        if not isinstance(s, dict) or set(s) - STEP_KEYS or s.get("op") not in OPS:
            raise VocabularyError(f"credential_provider: step {s!r} is not in the vocabulary")
        if s["op"] in PROVIDER_OPS and provider is None:
            raise VocabularyError(f"credential_provider: op {s['op']} needs the case's provider")
        if (s["op"] == "strategy") != ("strategyClass" in s) or s.get("strategyClass", "noauth") not in QUESTIONS:
            raise VocabularyError(f"credential_provider: step {s!r}: strategyClass goes with op strategy (noauth, token, basic)")
        if (s.get("strategyClass") == "token") != isinstance(s.get("token"), str):
            raise VocabularyError(f"credential_provider: step {s!r}: token goes with strategyClass token")
        for k in ("username", "password"):
            if (s.get("strategyClass") == "basic") != isinstance(s.get(k), str):
                raise VocabularyError(f"credential_provider: step {s!r}: {k} goes with strategyClass basic")
        if "ask" in s:
            known = QUESTIONS.get(s.get("strategyClass"), ())
            ask = s["ask"]
            if not isinstance(ask, list) or not ask or len(set(map(str, ask))) != len(ask) or not all(q in known for q in ask):
                raise VocabularyError(f"credential_provider: step {s!r}: ask must list distinct questions of its strategyClass")
        # What twilio-python does not have: the step's case is outside its vocabulary.
        if s.get("strategyClass") == "basic":
            raise VocabularyError("credential_provider: twilio-python has no BasicAuthStrategy class")
        if s["op"] == "tokenParams":
            raise VocabularyError("credential_provider: twilio-python's token managers have no getParams: they keep grant_type, client_id and client_secret as attributes")
    server = inp.get("server")
    if not isinstance(server, dict) or not str(server.get("url", "")).startswith("http://127.0.0.1:"):
        raise VocabularyError("credential_provider: the case has no loopback server (the runner adds one)")


def error_type(e):
    t = type(e)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


@contextlib.contextmanager
def ca_file(server):
    """The CA as a file: the runner's own (server.caCertFile), which it removes itself, so that a
    killed adapter leaves nothing behind; otherwise a private folder removed after the case."""
    given = server.get("caCertFile")
    if isinstance(given, str) and os.path.isfile(given):
        yield given
        return
    with tempfile.TemporaryDirectory() as d:
        ca = os.path.join(d, "ca.pem")
        with open(ca, "w") as f:
            f.write(server.get("caCertPem", ""))
        yield ca


@contextlib.contextmanager
def case_environment(server, environment):
    """HTTPS_PROXY and REQUESTS_CA_BUNDLE for the case, account env as the case says; restored after."""
    names = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
             "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_REGION", "TWILIO_EDGE"]
    saved = {n: os.environ.get(n) for n in names}
    with ca_file(server) as ca:
        try:
            for n in names:
                os.environ.pop(n, None)
            # proxyUrl: a port that refuses connections, when the case's mock says so.
            os.environ["HTTPS_PROXY"] = server.get("proxyUrl", server["url"])
            os.environ["REQUESTS_CA_BUNDLE"] = ca
            if "accountSid" in environment:
                os.environ["TWILIO_ACCOUNT_SID"] = environment["accountSid"]
            if "authToken" in environment:
                os.environ["TWILIO_AUTH_TOKEN"] = environment["authToken"]
            if "region" in environment:
                os.environ["TWILIO_REGION"] = environment["region"]
            if "edge" in environment:
                os.environ["TWILIO_EDGE"] = environment["edge"]
            yield
        finally:
            for n, v in saved.items():
                if v is None:
                    os.environ.pop(n, None)
                else:
                    os.environ[n] = v


def run_provider_case(inp, now):
    """Run one scenario; returns the protocol `output` ({"steps": [...]})."""
    check(inp)
    from twilio.auth_strategy import token_auth_strategy
    from twilio.credential.client_credential_provider import ClientCredentialProvider
    from twilio.credential.orgs_credential_provider import OrgsCredentialProvider
    from twilio.rest import Client

    spec = inp.get("provider")
    if spec is not None and spec["type"] == "noauth":
        raise VocabularyError("credential_provider: twilio-python has no NoAuthCredentialProvider")
    cls = OrgsCredentialProvider if spec is not None and spec["type"] == "orgs" else ClientCredentialProvider
    # Present credentials are passed by keyword, so that either may be left out on its own.
    kwargs = {name: spec[key] for key, name in (("clientId", "client_id"), ("clientSecret", "client_secret")) if spec is not None and key in spec}

    def build():
        return cls(**kwargs)

    clock = {"now": now}

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(clock["now"], tz)

    server = inp["server"]
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    state = {"client": None}
    strategies = {}
    lock = threading.Lock()

    def client():
        with lock:
            if state["client"] is None:
                c = inp.get("client") or {}
                provider = build() if spec is not None else None
                # The client's own region and edge, only where the case gives them.
                options = {k: c[k] for k in ("region", "edge") if k in c}
                if "retries" in c:
                    from twilio.http.http_client import TwilioHttpClient
                    options["http_client"] = TwilioHttpClient(max_retries=c["retries"])
                state["client"] = Client(c.get("username"), c.get("password"), credential_provider=provider, **options)
            return state["client"]

    def call(step):
        try:
            op = step["op"]
            if op == "api":
                cl = client()
                if "auth" in step:
                    a = step["auth"]
                    cl.request("GET", f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}.json", auth=(a["username"], a["password"]))
                elif step.get("resource") == "organization_account":
                    cl.preview_iam.organization(ORG).accounts(ACCOUNT).fetch()
                else:
                    cl.api.v2010.accounts(ACCOUNT).fetch()
                return {"ok": True}
            if op == "authString":
                name = step.get("strategy", "s")
                with lock:
                    if name not in strategies:
                        strategies[name] = build().to_auth_strategy()
                    s = strategies[name]
                return {"ok": True, "value": s.get_auth_string()}
            kind = lambda t: getattr(t, "value", t)  # noqa: E731 - AuthType is an Enum
            if op == "strategy":
                if step["strategyClass"] == "token":
                    from twilio.http.client_token_manager import ClientTokenManager
                    s = token_auth_strategy.TokenAuthStrategy(ClientTokenManager("client_credentials", "unused", "unused"))

                    def expired():
                        # is_token_expired prints some failures to stdout, which is the protocol's channel.
                        with contextlib.redirect_stdout(io.StringIO()):
                            return s.is_token_expired(step["token"])

                    questions = {"authType": lambda: kind(s.auth_type), "requiresAuthentication": s.requires_authentication, "tokenExpired": expired}
                else:
                    # no_auth_strategy.py is imported the way a caller would; its own import may fail.
                    import importlib
                    s = importlib.import_module("twilio.auth_strategy.no_auth_strategy").NoAuthStrategy()
                    questions = {"authType": lambda: kind(s.auth_type), "authString": s.get_auth_string, "requiresAuthentication": s.requires_authentication}
                # Asked in order; the first failing question's error is the step's answer.
                return {"ok": True, "value": {q: questions[q]() for q in step.get("ask", QUESTIONS[step["strategyClass"]])}}
            if op == "authTypeMembers":
                from twilio.auth_strategy.auth_type import AuthType
                # Names in code-point order, as the protocol reports them (ruby's constants have no order).
                return {"ok": True, "value": {m.name: m.value for m in sorted(AuthType, key=lambda m: m.name)}}
            if op == "authTypes":
                p = build()
                return {"ok": True, "value": {"provider": kind(p.auth_type), "strategy": kind(p.to_auth_strategy().auth_type)}}
            build()
            return {"ok": True}
        except Exception as e:  # noqa: BLE001 - the library's answer
            return {"ok": False, "error": {"type": error_type(e), "message": str(e)}}

    saved = token_auth_strategy.datetime
    token_auth_strategy.datetime = FrozenDatetime
    out = []
    try:
        with case_environment(server, inp.get("environment") or {}):
            for i, step in enumerate(inp["steps"]):
                direct.open(f"{server['url']}/__conformance/step/{i}", timeout=10).read()
                clock["now"] = step.get("at", now)
                label = step.get("label", f"{step['op']} #{i + 1}")
                n = step.get("parallel")
                if n is None:
                    out.append({"label": label, **call(step)})
                    continue
                results = [None] * n
                def worker(k):
                    results[k] = call(step)
                threads = [threading.Thread(target=worker, args=(k,)) for k in range(n)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(60)
                out.append({"label": label, "parallel": results})
    finally:
        token_auth_strategy.datetime = saved
    return {"steps": out}
