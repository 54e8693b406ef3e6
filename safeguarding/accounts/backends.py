"""Django's permission checks (`user.has_perm`) answered by the access policy, so code that
knows nothing of roles (the workflow engine in `core`) still asks the one policy."""

from safeguarding.accounts import policy


class PolicyBackend:
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user, perm, obj=None):
        try:
            action = policy.Action(perm)
        except ValueError:
            return False
        return policy.can(user, action, obj)
