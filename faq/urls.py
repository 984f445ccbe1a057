from django.urls import path

from faq import views

app_name = "faq"
urlpatterns = [
    path("", views.FaqIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("<slug:theme>/<slug:slug>/", views.QuestionDetailView.as_view(), name="question"),
]
