"""Signed identities as JWTs: the host site vouches for its logged-in customer with a token.

The same shared secret as the HMAC signature (``FRONTLINE_IDENTITY_SIGNING_SECRET``) signs a
JWT with HS256 only (``alg`` ``none``, RS256 or anything else is refused, so a token cannot
choose how it is checked). It names the customer by ``email``, or by ``sub`` (their id in the
back office) when it has no ``email``, and must carry ``exp`` and ``iat``; ``nbf`` is honoured
when present, ``aud`` and ``iss`` are checked when the deployment sets
``FRONTLINE_IDENTITY_TOKEN_AUDIENCE`` / ``FRONTLINE_IDENTITY_TOKEN_ISSUER``.

    a token that ...                                    is refused with
    is not a JWT, is signed otherwise or with another   Unauthorized (401)
      key, has expired, is not valid yet, lacks exp/iat
    is genuine, but for another audience or issuer      Forbidden (403)
    names nobody                                        InvalidInput (422)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from frontline.domain.errors import Forbidden, InvalidInput, Unauthorized

ALGORITHM = "HS256"
LEEWAY_SECONDS = 30  # clock skew between the host site and us
MAX_TOKEN_CHARS = 4096


@dataclass(frozen=True, slots=True)
class TokenRules:
    secret: str
    audience: str | None = None
    issuer: str | None = None


@dataclass(frozen=True, slots=True)
class TokenSubject:
    """Who a valid token names: exactly one of the two."""

    email: str | None
    external_id: str | None


def _refused(reason: str) -> Unauthorized:
    return Unauthorized(f"the customer's identity token is not valid: {reason}")


def _claims(rules: TokenRules, token: str) -> dict[str, Any]:
    if len(token) > MAX_TOKEN_CHARS:
        raise _refused("it is too long")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            rules.secret,
            algorithms=[ALGORITHM],
            audience=rules.audience,
            issuer=rules.issuer,
            leeway=LEEWAY_SECONDS,
            options={
                "require": ["exp", "iat"],
                "verify_aud": rules.audience is not None,
                "verify_iss": rules.issuer is not None,
            },
        )
    except jwt.ExpiredSignatureError as exc:
        raise _refused("it has expired") from exc
    except jwt.ImmatureSignatureError as exc:
        raise _refused("it is not valid yet (nbf or iat in the future)") from exc
    except jwt.InvalidAlgorithmError as exc:
        raise _refused(f"only {ALGORITHM} is accepted") from exc
    except jwt.InvalidAudienceError as exc:
        raise Forbidden("the customer's identity token is for another audience") from exc
    except jwt.InvalidIssuerError as exc:
        raise Forbidden("the customer's identity token is from another issuer") from exc
    except jwt.MissingRequiredClaimError as exc:
        if exc.claim in ("aud", "iss"):
            raise Forbidden(f"the customer's identity token has no {exc.claim}") from exc
        raise _refused(f"it has no {exc.claim}") from exc
    except jwt.InvalidSignatureError as exc:
        raise _refused("the signature does not match") from exc
    except jwt.InvalidTokenError as exc:  # malformed, a bad iat, ...
        raise _refused("it is not a well-formed JWT") from exc
    return claims


def check_identity_token(rules: TokenRules, token: str) -> TokenSubject:
    """The customer a host site's token names, once every check passed."""
    claims = _claims(rules, token.strip())
    email, subject = claims.get("email"), claims.get("sub")
    if isinstance(email, str) and email.strip():
        return TokenSubject(email=email.strip(), external_id=None)
    if isinstance(subject, str) and subject.strip():
        return TokenSubject(email=None, external_id=subject.strip())
    raise InvalidInput("the customer's identity token names nobody: give email or sub")
