"""The notification process review of a partnership: a page, an Excel workbook and a PDF of the
same figures. Held by whoever may see the partnership's compliance figures (the business unit,
the partners, the independent scrutineer): the figures are aggregates and name no case."""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import DetailView

from safeguarding.accounts.access import PolicyRequiredMixin
from safeguarding.accounts.policy import Action
from safeguarding.core.files import EXCEL, PDF, export_response
from safeguarding.core.suppression import SUPPRESSION_NOTE
from safeguarding.partnership.models import Partnership
from safeguarding.reviews import report_exports, reporting
from safeguarding.reviews.report_forms import PeriodForm

TEMPLATE = "reviews/notification_review.html"


class NotificationReview(PolicyRequiredMixin, DetailView):
    """The page. A period that is not a real range shows the GOV.UK error summary instead of
    figures; the downloads do the same."""

    action = Action.VIEW_COMPLIANCE
    model = Partnership
    template_name = TEMPLATE
    base_template = "base.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        today = timezone.localdate()
        self.form = PeriodForm(request.GET or None, today=today)
        self.review = None
        if not self.form.is_bound or self.form.is_valid():
            self.review = reporting.notification_review(self.object, period=self.form.period(),
                                                        today=today)
        context = self.get_context_data(object=self.object)
        if self.review is None:
            return self.render_to_response(context)
        return self.respond(context)

    def respond(self, context):
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, review=self.review, base_template=self.base_template,
                       has_errors=bool(self.form.errors),
                       suppression_note=SUPPRESSION_NOTE)
        if self.review is not None:
            period = self.review.period
            context["query"] = urlencode({"from": period.starts_on.isoformat(),
                                          "to": period.ends_on.isoformat()})
        return context

    def filename(self, extension: str) -> str:
        return f"notification-review-{self.object.slug}-{self.review.period.slug}.{extension}"


class NotificationReviewExcel(NotificationReview):
    def respond(self, context):
        return export_response(
            self.request, content=report_exports.notification_review_xlsx(self.review),
            filename=self.filename(EXCEL.key), content_type=EXCEL.content_type,
            record=self.object, what=f"Notification review, {self.review.period.label} (Excel)")


class NotificationReviewPdf(NotificationReview):
    def respond(self, context):
        html = render_to_string(TEMPLATE, {**context, "base_template":
                                           "print/base.html",
                                           "printing": True}, request=self.request)
        return export_response(
            self.request, content=report_exports.notification_review_pdf(html),
            filename=self.filename(PDF.key), content_type=PDF.content_type,
            record=self.object, what=f"Notification review, {self.review.period.label} (PDF)")
