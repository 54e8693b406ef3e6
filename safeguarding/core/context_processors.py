from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "phase": settings.PHASE,
        "demo_mode": settings.DEMO_MODE,
        "nav": navigation(request),
    }


def navigation(request) -> dict:
    """Which sections to offer in the menu: only what the person may open."""
    from safeguarding.accounts.policy import Action, can, roles_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "partnerships": can(user, Action.VIEW_PARTNERSHIP),
        # A seat on a group shows its meetings, whatever the person's roles.
        "meetings": can(user, Action.VIEW_MEETING) or bool(roles_of(user)),
        "incidents": can(user, Action.VIEW_CASE) or can(user, Action.NOTIFY_INCIDENT),
        "child_deaths": can(user, Action.VIEW_CASE) or can(user, Action.NOTIFY_CHILD_DEATH),
        "assurance": can(user, Action.VIEW_ASSURANCE) or can(user, Action.SCRUTINISE),
        "disagreements": can(user, Action.VIEW_ESCALATION) or can(user, Action.RAISE_ESCALATION),
        "procedures": can(user, Action.VIEW_POLICY),
        "engagement": can(user, Action.MANAGE_ENGAGEMENT),
        "intelligence": can(user, Action.VIEW_INTELLIGENCE),
        "retention": can(user, Action.REVIEW_RETENTION),
    }
