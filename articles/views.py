from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import EVIDENCE_HEADING, Article, Category, EvidenceLevel
from mesoinfo.pages import structured_data
from mesoinfo.pages.chrome import PageInfoMixin, PublishedPageView, TranslatedAddressMixin

RELATED_ARTICLES = 3


class ArticleIndexView(PageInfoMixin, ListView):
    template_name = "articles/article_index.html"
    context_object_name = "categories"
    page_title = _("Articles")
    page_description = _("Every article on mesotherapy: uses, technique, history, evidence, risks and cost.")
    schema_type = "CollectionPage"

    def get_queryset(self):
        return Category.objects.with_published_pages()


class CategoryDetailView(TranslatedAddressMixin, PageInfoMixin, DetailView):
    template_name = "articles/category_detail.html"
    context_object_name = "category"
    schema_type = "CollectionPage"

    def get_queryset(self):
        return Category.objects.with_published_pages()

    def get_page_description(self):
        return self.object.description or _("Articles on mesotherapy: %(category)s.") % {"category": self.object.name}


class EvidenceScaleView(PageInfoMixin, TemplateView):
    """The scale of the evidence boxes, what each level means, and the indication pages at each level."""

    template_name = "articles/evidence_scale.html"
    page_title = _("What the studies show: our scale")
    crumb_label = _("Levels of evidence")
    page_description = _(
        "The four levels of our evidence boxes (not evaluated, no evidence, weak or conflicting evidence, "
        "moderate evidence), what each one means, and the uses of mesotherapy at each level."
    )

    def get_breadcrumbs(self, title):
        return [(reverse("articles:index"), str(Article.section_model().index_label)), *super().get_breadcrumbs(title)]

    def get_context_data(self, **kwargs):
        pages = list(Article.objects.published().with_evidence().as_evidence_links())
        levels = [(level, [page for page in pages if page.evidence_level == level]) for level in EvidenceLevel]
        return super().get_context_data(levels=levels, **kwargs)


class ArticleDetailView(PublishedPageView):
    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    slug_kwargs = {"category": "category", "slug": ""}

    def get_queryset(self):
        # The images are in the prepared text (see prose_figures): the page reads no image rows.
        return super().get_queryset().prefetch_related("sources", "conditions")

    def get_sources(self):
        return self.object.sources.all()

    def get_schema(self):
        schema = super().get_schema()
        article = self.object
        if article.evidence_level:
            schema.update(
                structured_data.evidence_at_a_glance(
                    str(EVIDENCE_HEADING),
                    article.get_evidence_level_display(),
                    str(article.evidence_level_meaning),
                    article.evidence,
                )
            )
        return schema

    def get_context_data(self, **kwargs):
        published = Article.objects.published()
        previous_article, next_article = published.neighbours(self.object)
        return super().get_context_data(
            related_articles=published.sharing_conditions(self.object)[:RELATED_ARTICLES],
            previous_article=previous_article,
            next_article=next_article,
            **kwargs,
        )
