"""Each partnership's public site, read without signing in: who the partners are, the current
arrangements, the relevant agencies, published reviews, learning and publications, the training
catalogue, procedures, thresholds, the glossary, "you said, we did", how to report a concern and
how to get in touch; an Atom feed of publications and a sitemap. Every page is cacheable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from safeguarding.accounts.access import PublicView, public
from safeguarding.core.files import download_response
from safeguarding.engagement import selectors
from safeguarding.engagement.models import Publication
from safeguarding.partnership import selectors as partnership_selectors
from safeguarding.reviews import selectors as review_selectors

# Published material changes a few times a week: five minutes in any cache is fresh enough.
PUBLIC_MAX_AGE = 300
# The learning app's public training catalogue.
TRAINING_CATALOGUE = "learning:catalogue"
# The intelligence app's public list of the safeguarding partners' yearly reports.
YEARLY_REPORTS = "intelligence:public-yearly-reports"
PUBLICATIONS_A_PAGE = 20


def _other_app_page(name: str, partnership) -> str:
    """A public page another app serves for the partnership; none if it does not offer one."""
    try:
        return reverse(name, args=[partnership.slug])
    except NoReverseMatch:
        return ""


def training_catalogue_url(partnership) -> str:
    """The partnership's training catalogue."""
    return _other_app_page(TRAINING_CATALOGUE, partnership)


def yearly_reports_url(partnership) -> str:
    """The safeguarding partners' yearly reports, published or none yet."""
    return _other_app_page(YEARLY_REPORTS, partnership)


@dataclass
class PublishedItem:
    """One thing the partnership has published, whatever kind: for the home page, the feed and
    the sitemap."""

    title: str
    kind: str
    url: str
    published_on: date
    summary: str = ""


def published_items(partnership, today: date) -> list[PublishedItem]:
    """Everything published, newest first: practice reviews, learning from them, and the
    partnership's own publications."""
    items = [
        PublishedItem(review.published_title, "Practice review",
                      reverse("reviews:public-detail", args=[partnership.slug, review.pk]),
                      review.published_on, review.published_text[:300])
        for review in review_selectors.published(partnership, today)
    ]
    items += [
        PublishedItem(product.title, product.get_kind_display(),
                      reverse("reviews:public-learning-detail", args=[partnership.slug,
                                                                      product.pk]),
                      product.published_on, product.text[:300])
        for product in review_selectors.learning_products_published(partnership, today)
    ]
    items += [
        PublishedItem(publication.title, publication.get_kind_display(),
                      reverse("engagement:public-publication",
                              args=[partnership.slug, publication.pk]),
                      publication.published_on, publication.summary)
        for publication in selectors.publications_published(partnership, today)
    ]
    items.sort(key=lambda item: (item.published_on, item.title), reverse=True)
    return items


@method_decorator(cache_control(public=True, max_age=PUBLIC_MAX_AGE), name="dispatch")
class PublicPage(PublicView, TemplateView):
    """A page of one partnership's public site: the partnership from the address (404 if there
    is none), its glossary for the acronyms on the page."""

    def get_context_data(self, **kwargs):
        partnership = selectors.partnership_by_slug(kwargs["slug"])
        if partnership is None:
            raise Http404("No such partnership")
        self.partnership = partnership
        return super().get_context_data(partnership=partnership,
                                        glossary=selectors.glossary_for(partnership),
                                        today=timezone.localdate(), **kwargs)


class PublicHome(PublicPage):
    template_name = "engagement/public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership, today = self.partnership, context["today"]
        context.update(
            profile=selectors.profile_of(partnership),
            partners=partnership_selectors.partners_on(partnership, today),
            chairs=partnership_selectors.chairs_on(partnership, today),
            relevant=partnership_selectors.relevant_agencies(partnership),
            arrangements=selectors.arrangements_published(partnership),
            latest=published_items(partnership, today)[:5],
            training_url=training_catalogue_url(partnership),
            yearly_reports_url=yearly_reports_url(partnership),
        )
        return context


class PublicGlossary(PublicPage):
    template_name = "engagement/public/glossary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["terms"] = sorted(context["glossary"].values(), key=lambda t: t.term.lower())
        return context


@method_decorator(cache_control(public=True, max_age=PUBLIC_MAX_AGE), name="dispatch")
class SiteGlossary(PublicView, TemplateView):
    """The terms every partnership uses, for anyone."""

    template_name = "engagement/public/glossary.html"

    def get_context_data(self, **kwargs):
        glossary = selectors.glossary_for(None)
        return super().get_context_data(
            glossary=glossary, terms=sorted(glossary.values(), key=lambda t: t.term.lower()),
            partnerships=selectors.partnerships_listed(), **kwargs)


class PublicThresholds(PublicPage):
    template_name = "engagement/public/thresholds.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model"] = selectors.threshold_model_of(self.partnership)
        return context


class PublicPolicyList(PublicPage):
    template_name = "engagement/public/policy_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policies"] = selectors.policies_published(self.partnership)
        return context


class PublicPolicyDetail(PublicPage):
    template_name = "engagement/public/policy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = selectors.policies_published(self.partnership).filter(pk=kwargs["pk"]).first()
        if policy is None:
            raise Http404("No such published procedure")
        context.update(policy=policy, version=selectors.published_version(policy))
        return context


class PublicResponses(PublicPage):
    """"You said, we did": written for a young person to read."""

    template_name = "engagement/public/you_said_we_did.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["responses"] = selectors.responses_published(self.partnership, context["today"])
        return context


class PublicPublicationList(PublicPage):
    template_name = "engagement/public/publication_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in Publication.Kind.values else ""
        # Ten years of newsletters is more than a page: the newest first, a page at a time.
        page = Paginator(selectors.publications_published(self.partnership, context["today"],
                                                          kind),
                         PUBLICATIONS_A_PAGE).get_page(self.request.GET.get("page"))
        context.update(kinds=Publication.Kind.choices, kind=kind, publications=page.object_list,
                       page_obj=page, query=urlencode({"kind": kind}) if kind else "",
                       yearly_reports_url=yearly_reports_url(self.partnership))
        return context


class PublicPublicationDetail(PublicPage):
    template_name = "engagement/public/publication_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = selectors.publications_published(self.partnership, context["today"]).filter(
            pk=kwargs["pk"]).first()
        if publication is None:
            raise Http404("No such publication")
        context.update(publication=publication, file=selectors.publication_file(publication))
        return context


class PublicReportConcern(PublicPage):
    template_name = "engagement/public/report_concern.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["front_doors"] = selectors.front_doors_of(self.partnership)
        return context


class PublicContact(PublicPage):
    template_name = "engagement/public/contact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = selectors.profile_of(self.partnership)
        return context


class PublicationsFeed(Feed):
    """An Atom feed of everything the partnership publishes."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        partnership = selectors.partnership_by_slug(slug)
        if partnership is None:
            raise Http404("No such partnership")
        return partnership

    def title(self, partnership):
        return f"{partnership.name}: publications"

    def subtitle(self, partnership):
        return "Practice reviews, learning from reviews, reports, newsletters and guides."

    def link(self, partnership):
        return reverse("engagement:public-home", args=[partnership.slug])

    def items(self, partnership):
        return published_items(partnership, timezone.localdate())[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.kind}. {item.summary}"

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time(9)))

    def item_categories(self, item):
        return [item.kind]


@public
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def publications_feed(request, slug):
    return PublicationsFeed()(request, slug=slug)


@public
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def sitemap(request):
    """Every public page, for search engines (the sitemaps protocol)."""
    today = timezone.localdate()
    urls = [(reverse("core:home"), None), (reverse("engagement:glossary"), None)]
    for partnership in selectors.partnerships_listed():
        slug = partnership.slug
        urls += [(reverse(f"engagement:{name}", args=[slug]), None) for name in (
            "public-home", "public-glossary", "public-thresholds", "public-procedures",
            "public-you-said-we-did", "public-publications", "public-report-concern",
            "public-contact")]
        urls += [(reverse("reviews:public-list", args=[slug]), None),
                 (reverse("reviews:public-learning-list", args=[slug]), None)]
        if selectors.arrangements_published(partnership):
            urls.append((reverse("partnership:public-arrangements", args=[slug]), None))
        urls += [(item.url, item.published_on) for item in published_items(partnership, today)]
        urls += [(reverse("engagement:public-procedure", args=[slug, policy.pk]),
                  policy.published_on) for policy in selectors.policies_published(partnership)]
        urls += [(url, None) for url in (training_catalogue_url(partnership),
                                         yearly_reports_url(partnership)) if url]
    entries = [(request.build_absolute_uri(url), day) for url, day in dict(urls).items()]
    return render(request, "engagement/public/sitemap.xml", {"entries": entries},
                  content_type="application/xml")


@public
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_publication_file(request, slug, pk):
    """A published publication's file, as a download; not found unless it is published."""
    partnership = selectors.partnership_by_slug(slug)
    if partnership is None:
        raise Http404("No such partnership")
    publication = selectors.publications_published(partnership, timezone.localdate()).filter(
        pk=pk).first()
    stored = selectors.publication_file(publication) if publication is not None else None
    if stored is None:
        raise Http404("No such file")
    return download_response(request, record=publication, stored_file=stored.file,
                             filename=stored.original_name,
                             content_type=stored.content_type_header)
