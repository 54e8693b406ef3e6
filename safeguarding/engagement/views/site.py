"""The business unit's pages for the partnership's public site: its glossary, publications
(yearly reports, newsletters, one-minute guides), public profile and contact details, front doors
("report a concern") and thresholds. Before these pages, only the operators' admin could change
them. Every write goes through a service; every public text gets the editor's acronym check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, TemplateView

from safeguarding.accounts.access import PolicyRequiredMixin, RecordFormView, get_in_scope
from safeguarding.accounts.policy import Action
from safeguarding.core.files import download_response
from safeguarding.engagement import forms, selectors, services
from safeguarding.engagement.models import FrontDoor, GlossaryTerm, Publication
from safeguarding.engagement.views.voice import managed_partnerships, warn_undefined

MANAGE = Action.MANAGE_ENGAGEMENT


def site_url(partnership) -> str:
    return reverse("engagement:site-detail", args=[partnership.slug])


def glossary_url(partnership) -> str:
    return reverse("engagement:site-glossary", args=[partnership.slug])


class FormPage(RecordFormView):
    """A form about one record (a partnership, a term, a publication) on the engagement's shared
    form page: the title, caption, intro and way back come from the view. `write(form)` calls
    the service; the texts it names are checked for acronyms the glossary does not define."""

    action = MANAGE
    template_name = "engagement/form.html"
    title = submit = intro = ""
    done = "Saved"
    warning = ""  # a warning shown above the form (for example, on a page that removes)

    about_partnership = False  # the page's record is the partnership itself

    @property
    def partnership(self):
        return self.object if self.about_partnership else self.object.partnership

    def back_url(self) -> str:
        return site_url(self.partnership)

    def next_url(self, saved) -> str:
        return self.back_url()

    def public_texts(self, form) -> list[str]:
        return [value for value in form.cleaned_data.values() if isinstance(value, str)]

    def get_title(self) -> str:
        return self.title

    def get_context_data(self, **kwargs):
        context = {"title": self.get_title(), "submit": self.submit or "Save",
                   "intro": self.intro, "warning": self.warning,
                   "caption": self.partnership.name, "back": self.back_url()}
        return super().get_context_data(**{**context, **kwargs})

    def write(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        saved = {}

        def write():
            saved["record"] = self.write(form)

        page = self.save_through(form, write, done=self.done,
                                 then=AfterWrite(lambda: self.next_url(saved.get("record"))))
        if page.status_code == 302:
            warn_undefined(self.request, self.partnership, *self.public_texts(form))
        return page


class AfterWrite:
    """Where to go once the write has run (the new record's page, say): `redirect()` asks for
    it only after `save_through` has called the service."""

    def __init__(self, url):
        self.url = url

    def get_absolute_url(self):
        return self.url()


class PartnershipFormPage(FormPage):
    """A form about the partnership itself, found by its address (`/public-site/<slug>/...`)."""

    queryset = selectors.partnerships_listed()
    slug_field = "slug"
    about_partnership = True


# -- the business unit's overview -----------------------------------------------------------------


class SiteManage(PolicyRequiredMixin, TemplateView):
    """The public sites the person manages."""

    action = MANAGE
    template_name = "engagement/site/manage.html"

    def get(self, request, *args, **kwargs):
        partnerships = list(managed_partnerships(request.user, self.action))
        if len(partnerships) == 1:
            return redirect(site_url(partnerships[0]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partnerships=managed_partnerships(self.request.user, self.action), **kwargs)


class SiteDetail(PolicyRequiredMixin, DetailView):
    """Everything the partnership's public site is configured with, with a way to change each."""

    action = MANAGE
    queryset = selectors.partnerships_listed()
    slug_field = "slug"
    template_name = "engagement/site/detail.html"
    context_object_name = "partnership"

    def get_context_data(self, **kwargs):
        partnership = self.object
        return super().get_context_data(
            profile=selectors.profile_of(partnership),
            front_doors=selectors.front_doors_of(partnership),
            thresholds=selectors.threshold_model_of(partnership),
            own_terms=selectors.own_terms(partnership).count(),
            publications=selectors.publications_of(partnership), **kwargs)


# -- the glossary ----------------------------------------------------------------------------------


class GlossaryManage(PolicyRequiredMixin, DetailView):
    action = MANAGE
    queryset = selectors.partnerships_listed()
    slug_field = "slug"
    template_name = "engagement/site/glossary.html"
    context_object_name = "partnership"

    def get_context_data(self, **kwargs):
        own = list(selectors.own_terms(self.object))
        overridden = {term.term for term in own}
        return super().get_context_data(
            own_terms=own, site_terms=selectors.site_wide_terms(), overridden=overridden,
            **kwargs)


class GlossaryTermPage:
    """A page that adds or changes a glossary term: it leads back to the partnership's glossary,
    and the term's expansion and definition are the public texts checked for acronyms."""

    def back_url(self):
        return glossary_url(self.partnership)

    def public_texts(self, form):
        return [form.cleaned_data["expansion"], form.cleaned_data["definition"]]


class GlossaryTermAdd(GlossaryTermPage, PartnershipFormPage):
    form_class = forms.GlossaryTermForm
    title = submit = "Add a term"
    done = "Term added to the glossary"
    intro = ("The public glossary shows it at once, and the public pages write it out in full "
             "the first time it is used. A term with the same name as a site-wide one "
             "replaces it on this partnership's pages.")

    def get_initial(self):
        return {"term": self.request.GET.get("term", "")[:60]}

    def write(self, form):
        return services.glossary_term_add(partnership=self.object, by=self.request.user,
                                          **form.cleaned_data)


class GlossaryTermEdit(GlossaryTermPage, FormPage):
    model = GlossaryTerm
    form_class = forms.GlossaryTermForm
    title = "Change a term"
    done = "Term changed"

    def get_initial(self):
        term = self.object
        return {"term": term.term, "expansion": term.expansion, "definition": term.definition}

    def write(self, form):
        return services.glossary_term_change(glossary_term=self.object, by=self.request.user,
                                             **form.cleaned_data)


class GlossaryTermRemove(FormPage):
    model = GlossaryTerm
    form_class = forms.ConfirmForm
    submit = "Remove the term"
    done = "Term removed from the glossary"
    warning = "The public glossary will no longer show it."

    def get_title(self):
        return f"Remove “{self.object.term}” from the glossary?"

    def back_url(self):
        return glossary_url(self.partnership)

    def public_texts(self, form):
        return []

    def write(self, form):
        services.glossary_term_remove(glossary_term=self.object, by=self.request.user)


# -- publications ---------------------------------------------------------------------------------


class PublicationDetail(PolicyRequiredMixin, DetailView):
    action = MANAGE
    model = Publication
    template_name = "engagement/site/publication.html"
    context_object_name = "publication"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partnership=self.object.partnership,
            file=selectors.publication_file(self.object), **kwargs)


class PublicationAdd(PartnershipFormPage):
    form_class = forms.PublicationForm
    title = submit = "Add a publication"
    done = "Publication saved. It is not published yet."

    def next_url(self, saved):
        return reverse("engagement:site-publication", args=[saved.pk])

    def public_texts(self, form):
        return [form.cleaned_data[name] for name in ("title", "summary", "body")]

    def write(self, form):
        return services.publication_save(partnership=self.object, by=self.request.user,
                                         **form.cleaned_data)


class PublicationEdit(FormPage):
    model = Publication
    form_class = forms.PublicationForm
    title = "Change the publication"
    done = "Publication saved"

    def get_initial(self):
        publication = self.object
        return {"kind": publication.kind, "title": publication.title,
                "summary": publication.summary, "body": publication.body,
                "link": publication.link}

    def back_url(self):
        return reverse("engagement:site-publication", args=[self.object.pk])

    def public_texts(self, form):
        return [form.cleaned_data[name] for name in ("title", "summary", "body")]

    def write(self, form):
        return services.publication_save(publication=self.object, by=self.request.user,
                                         **form.cleaned_data)


class PublicationPublish(PolicyRequiredMixin, View):
    action = MANAGE
    unpublish = False

    def post(self, request, pk):
        publication = get_in_scope(request, self.action, Publication, pk)
        write = services.publication_unpublish if self.unpublish else services.publication_publish
        try:
            write(publication=publication, by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, ("Unpublished: " if self.unpublish else "Published: ")
                             + publication.title)
        return redirect("engagement:site-publication", pk=publication.pk)


class PublicationUnpublish(PublicationPublish):
    unpublish = True


class PublicationFile(PolicyRequiredMixin, View):
    """The publication's file, for the business unit, published or not."""

    action = MANAGE

    def get(self, request, pk):
        publication = get_in_scope(request, self.action, Publication, pk)
        stored = selectors.publication_file(publication)
        if stored is None:
            raise Http404("No file")
        return download_response(request, record=publication, stored_file=stored.file,
                                 filename=stored.original_name,
                                 content_type=stored.content_type_header)


# -- profile, contact details and front doors -----------------------------------------------------


class ProfileEdit(PartnershipFormPage):
    form_class = forms.ProfileForm
    title = "Public profile and contact details"
    done = "Public profile saved"

    def get_initial(self):
        profile = selectors.profile_of(self.object)
        if profile is None:
            return {}
        return {"introduction": profile.introduction, "email": profile.email,
                "phone": profile.phone, "address": profile.address,
                "concerns_resolution": profile.concerns_resolution}

    def public_texts(self, form):
        return [form.cleaned_data["introduction"], form.cleaned_data["concerns_resolution"]]

    def write(self, form):
        return services.profile_save(partnership=self.object, by=self.request.user,
                                     **form.cleaned_data)


class FrontDoorAdd(PartnershipFormPage):
    form_class = forms.FrontDoorForm
    title = submit = "Add a front door"
    intro = "Where to report a concern about a child who lives in one area."
    done = "Front door added"

    def public_texts(self, form):
        return [form.cleaned_data["area"], form.cleaned_data["service"]]

    def write(self, form):
        return services.front_door_save(partnership=self.object, by=self.request.user,
                                        **form.cleaned_data)


class FrontDoorEdit(FormPage):
    model = FrontDoor
    form_class = forms.FrontDoorForm
    title = "Change a front door"
    done = "Front door saved"

    def get_initial(self):
        door = self.object
        return {"area": door.area, "service": door.service, "phone": door.phone,
                "out_of_hours_phone": door.out_of_hours_phone, "website": door.website,
                "order": door.order}

    def public_texts(self, form):
        return [form.cleaned_data["area"], form.cleaned_data["service"]]

    def write(self, form):
        return services.front_door_save(partnership=self.object.partnership,
                                        front_door=self.object, by=self.request.user,
                                        **form.cleaned_data)


class FrontDoorRemove(FormPage):
    model = FrontDoor
    form_class = forms.ConfirmForm
    submit = "Remove the front door"
    done = "Front door removed"
    warning = "The “Report a concern” page will no longer show it."

    def get_title(self):
        return f"Remove the front door for {self.object.area}?"

    def public_texts(self, form):
        return []

    def write(self, form):
        services.front_door_remove(front_door=self.object, by=self.request.user)


# -- thresholds ------------------------------------------------------------------------------------


class ThresholdsEdit(PartnershipFormPage):
    form_class = forms.ThresholdsForm
    title = "Thresholds: deciding what help a child needs"
    done = "Thresholds saved"

    def get_initial(self):
        model = selectors.threshold_model_of(self.object)
        if model is None:
            return {}
        return {"has_levels": "yes" if model.has_levels else "no", "title": model.title,
                "approach": model.approach, "monitoring": model.monitoring,
                "source": model.source}

    def write(self, form):
        return services.thresholds_save(partnership=self.object, by=self.request.user,
                                        **form.cleaned_data)


class LevelAdd(PartnershipFormPage):
    form_class = forms.ThresholdLevelForm
    title = submit = "Add a level of need"
    done = "Level of need added"

    def get_initial(self):
        model = selectors.threshold_model_of(self.object)
        numbers = [level.number for level in model.levels.all()] if model else []
        return {"number": max(numbers, default=0) + 1}

    def write(self, form):
        return services.threshold_level_save(partnership=self.object, by=self.request.user,
                                             **form.cleaned_data)


class LevelPage(PartnershipFormPage):
    """A page about one level of the partnership's thresholds, by its number."""

    @property
    def level(self):
        found = getattr(self, "_level", None)
        if found is None:
            model = selectors.threshold_model_of(self.object)
            found = model and model.levels.filter(number=self.kwargs["number"]).first()
            if not found:
                raise Http404("No such level")
            self._level = found
        return found

    def get(self, request, *args, **kwargs):
        self.level  # noqa: B018 - a 404 before the form for a level that does not exist
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.level  # noqa: B018
        return super().post(request, *args, **kwargs)


class LevelEdit(LevelPage):
    form_class = forms.ThresholdLevelForm
    done = "Level of need saved"

    def get_title(self):
        return f"Change level {self.level.number}: {self.level.name}"

    def get_initial(self):
        level = self.level
        return {"number": level.number, "name": level.name, "descriptor": level.descriptor,
                "response": level.response}

    def write(self, form):
        return services.threshold_level_save(partnership=self.object, level=self.level,
                                             by=self.request.user, **form.cleaned_data)


class LevelRemove(LevelPage):
    form_class = forms.ConfirmForm
    submit = "Remove the level"
    done = "Level of need removed"
    warning = "The public thresholds page will no longer show it."

    def get_title(self):
        return f"Remove level {self.level.number}: {self.level.name}?"

    def public_texts(self, form):
        return []

    def write(self, form):
        services.threshold_level_remove(level=self.level, by=self.request.user)
