from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article, Category
from faq.models import Question

RELATED_ARTICLES = 3


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
                "conditions",
                Prefetch(
                    "related_questions",
                    queryset=Question.objects.published().for_display(),
                    to_attr="published_questions",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        published = Article.objects.published()
        previous_article, next_article = published.neighbours(self.object)
        return super().get_context_data(
            related_articles=published.sharing_conditions(self.object)[:RELATED_ARTICLES],
            previous_article=previous_article,
            next_article=next_article,
            **kwargs,
        )
