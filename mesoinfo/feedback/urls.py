from django.urls import path
from django.utils.translation import gettext_lazy as _

from mesoinfo.feedback import views

app_name = "feedback"

urlpatterns = [
    path(_("report/"), views.ReportView.as_view(), name="report"),
    path(_("useful/"), views.VoteView.as_view(), name="vote"),
    path(_("thanks/"), views.ThanksView.as_view(), name="thanks"),
]
