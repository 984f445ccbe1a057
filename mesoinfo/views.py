from django.views.generic import TemplateView

from articles.models import Category
from faq.models import Theme


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=Category.objects.with_published_articles(),
            themes=Theme.objects.with_published_questions(),
            **kwargs,
        )


class PreviewMixin:
    """Staff reach unpublished pages at their public address (see `visible_to`), under a visible banner.

    Their responses are never cached: see mesoinfo.middleware.StaffNeverCacheMiddleware.
    """

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)
