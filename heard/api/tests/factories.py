"""API token factory: a usable token whose secret is kept on the instance for the test."""

import datetime as dt
import secrets

import factory
from django.utils import timezone

from heard.api.models import ALL_SCOPES, ApiToken
from heard.api.services import TOKEN_LABEL, _hash


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    name = factory.Sequence(lambda n: f"System {n}")
    prefix = factory.LazyFunction(lambda: secrets.token_hex(6))
    scopes = factory.LazyFunction(lambda: list(ALL_SCOPES))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        secret = f"{TOKEN_LABEL}_{kwargs['prefix']}_{secrets.token_urlsafe(32)}"
        kwargs["secret_hash"] = _hash(secret)
        token = super()._create(model_class, *args, **kwargs)
        token.secret = secret
        return token
