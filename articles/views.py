from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article, Category
from faq.models import Question


class ArticleIndexView(ListView):
    template_name = "articles/article_index.html"
    context_object_name = "categories"

    def get_queryset(self):
        return Category.objects.with_published_articles()


class CategoryDetailView(DetailView):
    template_name = "articles/category_detail.html"
    context_object_name = "category"

    def get_queryset(self):
        return Category.objects.with_published_articles()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .for_display()
            .filter(category__slug=self.kwargs["category"])
            .prefetch_related(
                "sources",
                Prefetch(
                    "related_questions",
                    # Only their text and address are shown: no author and reviewer joins.
                    queryset=Question.objects.published().select_related("theme"),
                    to_attr="published_questions",
                ),
            )
        )
