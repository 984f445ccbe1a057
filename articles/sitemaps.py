from articles.models import Article, Category
from mesoinfo.pages.sitemaps import PageSitemap, SectionSitemap


class CategorySitemap(SectionSitemap):
    model = Category


class ArticleSitemap(PageSitemap):
    model = Article


SITEMAPS = {"categories": CategorySitemap, "articles": ArticleSitemap}
