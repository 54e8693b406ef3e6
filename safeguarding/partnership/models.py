"""Partnerships, the local authority areas they cover, agencies and groups."""

from django.db import models


class Partnership(models.Model):
    """A safeguarding children partnership: the three safeguarding partners of one or more areas."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, help_text="For example LSCP.")
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Area(models.Model):
    """A local authority area. A partnership may cover several (Leicestershire and Rutland)."""

    name = models.CharField(max_length=100, unique=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="areas")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """An organisation: a safeguarding partner, a relevant agency, a school, a charity..."""

    class Kind(models.TextChoices):
        SAFEGUARDING_PARTNER = "safeguarding_partner", "Safeguarding partner"
        RELEVANT_AGENCY = "relevant_agency", "Relevant agency"
        EDUCATION = "education", "School, college or early years setting"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        SECURE_SETTING = "secure_setting", "Secure setting"
        RESIDENTIAL_HOME = "residential_home", "Residential home"
        BUSINESS_UNIT = "business_unit", "Partnership business unit"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    partnerships = models.ManyToManyField(Partnership, related_name="agencies")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class Group(models.Model):
    """An executive, a partnership meeting, a subgroup, a panel. One group may serve several
    partnerships: LLR's shared groups exist once."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", "Executive"
        PARTNERSHIP_MEETING = "partnership_meeting", "Partnership meeting"
        SUBGROUP = "subgroup", "Subgroup"
        PANEL = "panel", "Panel"
        REFERENCE_GROUP = "reference_group", "Reference group"
        TASK_AND_FINISH = "task_and_finish", "Task and finish group"
        FORUM = "forum", "Forum"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    partnerships = models.ManyToManyField(Partnership, related_name="groups")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
