"""The jwt family: the base class twilio.jwt.Jwt (named base_jwt so as not to shadow PyJWT's `jwt`)."""

from support import Lib, Skip, check_keys, kwargs_from, lib, log, mint, TO_JWT_KEYS


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


_case_jwt = None


def case_jwt_class():
    """The minimal subclass of the library's Jwt the family encodes with (made once, after the
    library is loaded)."""
    global _case_jwt
    if _case_jwt is None:
        class CaseJwt(Lib.Jwt):
            """Returns the case's payload and headers unchanged, so everything else is the
            base class's doing."""

            case_payload = {}
            case_headers = {}

            def _generate_payload(self):
                return self.case_payload

            def _generate_headers(self):
                return self.case_headers

        _case_jwt = CaseJwt
    return _case_jwt


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
        token = lib(case_jwt_class(), **kwargs_from(inp, JWT_ARGS))
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
