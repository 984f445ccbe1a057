from django.urls import path

from articles import views
from mesoinfo.pages.addresses import localized_route

app_name = "articles"
urlpatterns = [
    path("", views.ArticleIndexView.as_view(), name="index"),
    # Before the categories' addresses, which would take it for one.
    path(
        localized_route(fr="niveaux-de-preuve/", en="levels-of-evidence/"),
        views.EvidenceScaleView.as_view(),
        name="evidence_scale",
    ),
    path("<slug:slug>/", views.CategoryDetailView.as_view(), name="category"),
    path("<slug:category>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
