"""The bench's floor: the least a signed-in page can cost on this stack (the middleware, the
session, the person's grants for the menu, one indexed query and the base template). Every page
of the bench is measured against it. Served only by the bench's URLs (`settings.bench`)."""

from django.shortcuts import render
from django.views import View

from safeguarding.accounts.access import SignedInView
from safeguarding.accounts.models import RoleGrant


class Floor(SignedInView, View):
    def get(self, request):
        newest = (RoleGrant.objects.filter(user_id=request.user.pk)  # the user_id index
                  .order_by("-starts_on").values_list("role", flat=True).first())
        return render(request, "base.html", {"newest_role": newest})
