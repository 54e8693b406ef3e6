"""What the test provider's ID tokens say about each person: their address, whether it is
verified, how they signed in (`amr`), and any more claims the test gives them."""

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below, whatever the scopes

    def get_additional_claims(self, request):
        person = settings.PEOPLE[request.user.username]
        return {
            "email": person["email"],
            "email_verified": person["email_verified"],
            "name": person["email"].split("@")[0],
            "amr": ["pwd", "mfa"] if person["mfa"] else ["pwd"],
            **person["claims"],
        }
