from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.ArticleIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.CategoryDetailView.as_view(), name="category"),
    path("<slug:category>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
