"""The roles of the platform (DESIGN.md, "Who uses it")."""

from django.db import models


class Role(models.TextChoices):
    BUSINESS_MANAGER = "business_manager", "Business manager"
    BUSINESS_OFFICER = "business_officer", "Business unit officer"
    LEAD_PARTNER = "lead_partner", "Lead safeguarding partner"
    DELEGATED_PARTNER = "delegated_partner", "Delegated safeguarding partner"
    INDEPENDENT_SCRUTINEER = "independent_scrutineer", "Independent chair or scrutineer"
    YOUNG_SCRUTINEER = "young_scrutineer", "Young scrutineer"
    AGENCY_LEAD = "agency_lead", "Agency safeguarding lead"
    PANEL_MEMBER = "panel_member", "Panel member"
    PRACTITIONER = "practitioner", "Practitioner"


BUSINESS_UNIT = frozenset({Role.BUSINESS_MANAGER, Role.BUSINESS_OFFICER})
PARTNERS = frozenset({Role.LEAD_PARTNER, Role.DELEGATED_PARTNER})

# Roles that can ever open a case record need two-factor sign-in.
CASE_RECORD_ROLES = frozenset(
    BUSINESS_UNIT | PARTNERS | {Role.INDEPENDENT_SCRUTINEER, Role.AGENCY_LEAD, Role.PANEL_MEMBER}
)

# What each role's grant must name: the partnership, an agency or a group.
SCOPE_REQUIRED = {
    Role.BUSINESS_MANAGER: "partnership",
    Role.BUSINESS_OFFICER: "partnership",
    Role.LEAD_PARTNER: "partnership",
    Role.DELEGATED_PARTNER: "partnership",
    Role.INDEPENDENT_SCRUTINEER: "partnership",
    Role.YOUNG_SCRUTINEER: "partnership",
    Role.AGENCY_LEAD: "agency",
    Role.PANEL_MEMBER: "group",
    Role.PRACTITIONER: "agency",
}
