"""Failed sign-ins go in the access log beside every other attempt."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    access_log(request=request, kind=AccessEvent.Kind.SIGN_IN_FAILED, detail=f"Account: {email}")
