from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from articles.models import Article, Category
from mesoinfo.pages.chrome import PageInfoMixin, PublishedPageView

RELATED_ARTICLES = 3


class ArticleIndexView(PageInfoMixin, ListView):
    template_name = "articles/article_index.html"
    context_object_name = "categories"
    page_title = _("Articles")
    page_description = _("Every article on mesotherapy: uses, technique, history, evidence, risks and cost.")
    schema_type = "CollectionPage"

    def get_queryset(self):
        return Category.objects.with_published_pages()


class CategoryDetailView(PageInfoMixin, DetailView):
    template_name = "articles/category_detail.html"
    context_object_name = "category"
    schema_type = "CollectionPage"

    def get_queryset(self):
        return Category.objects.with_published_pages()

    def get_page_description(self):
        return self.object.description or _("Articles on mesotherapy: %(category)s.") % {"category": self.object.name}


class ArticleDetailView(PublishedPageView):
    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(category__slug=self.kwargs["category"])
            .prefetch_related("sources", "images", "conditions")
        )

    def get_sources(self):
        return self.object.sources.all()

    def get_context_data(self, **kwargs):
        published = Article.objects.published()
        previous_article, next_article = published.neighbours(self.object)
        return super().get_context_data(
            related_articles=published.sharing_conditions(self.object)[:RELATED_ARTICLES],
            previous_article=previous_article,
            next_article=next_article,
            **kwargs,
        )
