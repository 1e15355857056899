"""What the door remembers: failed sign-ins and the locks they cause.

Kept apart from the audit trail (which keeps everything, for ever) because these
rows are counted on every sign-in and can be deleted once they are old.
"""

from django.db import models


class SignInFailure(models.Model):
    """One wrong password (or unknown address) from one client address."""

    username = models.CharField(max_length=254)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    attempted_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "ip_address", "attempted_at"]),
            models.Index(fields=["ip_address", "attempted_at"]),
            models.Index(fields=["username", "attempted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address} at {self.attempted_at:%Y-%m-%d %H:%M}"


class SignInLock(models.Model):
    """A username from one address (or, with no username, a whole address) may not sign in."""

    username = models.CharField(max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    locked_until = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "username", "locked_until"])]

    def __str__(self) -> str:
        return f"{self.username or 'any email'} from {self.ip_address} until {self.locked_until}"


class SignInAlert(models.Model):
    """When an account's admins were last told it is being guessed at from many places."""

    username = models.CharField(max_length=254, unique=True)
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.username} alerted at {self.sent_at}"
