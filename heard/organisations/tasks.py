"""Background work for organisations, run by the task worker (``make run`` starts one)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from heard.core.tenant_db import in_organisation
from heard.organisations.models import Membership


@task()
@in_organisation
def send_invitation_email(membership_id: int, new_account: bool, base_url: str = "") -> bool:
    """Email an invited member their sign-in (or set-a-password) link (enqueued on commit)."""
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    )
    if membership is None:
        return False
    send_invitation(membership=membership, new_account=new_account, base_url=base_url)
    return True


def send_invitation(*, membership: Membership, new_account: bool, base_url: str = "") -> None:
    """The invitation email (run by the ``send_invitation_email`` background task)."""
    user = membership.user
    if new_account:
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    else:
        path = reverse("accounts:login")
    link = base_url + path
    body = render_to_string(
        "organisations/email/invitation.txt",
        {"membership": membership, "link": link, "new_account": new_account},
    )
    send_mail(
        f"You have been invited to {membership.organisation} on Heard",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
