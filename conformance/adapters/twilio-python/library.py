"""Loading twilio-python (the installed package, or the one in --lib) into `Lib`."""

import os
import sys

from support import Lib, die, log

INSTALL_HINT = (
    "Install twilio-python for this interpreter: `apt-get install python3-twilio` "
    "(Debian/Ubuntu system python, /usr/bin/python3) or `{py} -m pip install twilio`, "
    "or point --lib at a directory holding a `twilio` package."
)


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

    log(f"twilio {twilio.__version__} from {where}; PyJWT {getattr(pyjwt, '__version__', '?')}; "
        f"python {sys.version.split()[0]} ({sys.executable})")
