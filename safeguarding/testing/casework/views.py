from django.views.generic import DetailView, ListView

from safeguarding.accounts.access import PolicyRequiredMixin
from safeguarding.accounts.policy import Action
from safeguarding.testing.casework.models import SampleCase


class CaseList(PolicyRequiredMixin, ListView):
    action = Action.VIEW_CASE
    model = SampleCase
    template_name = "casework/case_list.html"


class CaseDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_CASE
    model = SampleCase
    log_views = True
    template_name = "casework/case_detail.html"
