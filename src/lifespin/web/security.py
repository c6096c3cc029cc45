"""Seat and host tokens: 192 random bits each, shown once, stored as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["hash_token", "new_game_id", "new_token", "token_matches"]


def new_token() -> str:
    """A fresh secret for a link: 24 random bytes, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


def new_game_id() -> str:
    """A public game id (not a secret: anyone with it may watch)."""
    return secrets.token_urlsafe(8)


def hash_token(token: str) -> str:
    """What the database keeps: SHA-256, hex. Tokens carry 192 random bits, so
    a fast hash is enough (there is nothing to brute-force as with passwords)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: str | None, stored_hash: str | None) -> bool:
    """Whether `token` is the one whose hash is stored, in constant time."""
    if not token or not stored_hash or len(token) > 256:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)
