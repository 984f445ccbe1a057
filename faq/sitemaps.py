from faq.models import Question, Theme
from mesoinfo.pages.sitemaps import PageSitemap, SectionSitemap


class ThemeSitemap(SectionSitemap):
    model = Theme


class QuestionSitemap(PageSitemap):
    model = Question


SITEMAPS = {"themes": ThemeSitemap, "questions": QuestionSitemap}
