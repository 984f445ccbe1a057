"""The readers' forms: "Report an error on this page" and "Was this page useful?".

Both post here from every content page and answer with a redirection to a thank-you page, or with the form
again and a French message saying what to change. Neither sets a cookie, reads a session or keeps the
reader's address.

They carry no CSRF token, on purpose (`csrf_exempt`): they act for nobody — no session, login or cookie is
read, so a post forged by another site can only do what anyone may do by sending the form themselves, under
the same checks and limits. A token would need a cookie for every visitor and would make each copy of a page
different, so the page cache could no longer serve the pages that carry these forms.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from mesoinfo.feedback import limits, notify
from mesoinfo.feedback.forms import ReportForm, VoteForm, reference, resolve
from mesoinfo.feedback.models import ErrorReport, PageFeedback
from mesoinfo.pages.chrome import PageInfoMixin


@method_decorator(csrf_exempt, name="dispatch")
class FeedbackFormView(PageInfoMixin, TemplateView):
    form_class = None
    form_name = None
    limit_message = None

    def post(self, request):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if limits.exhausted(request, self.form_name):
            form.add_error(None, self.limit_message % {"limit": limits.LIMIT})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        sent = self.accept(form)
        limits.count(request, self.form_name)
        query = urlencode({"page": reference(form.cleaned_data["page"]), "sent": sent})
        return HttpResponseRedirect(f"{reverse('feedback:thanks')}?{query}", status=303)

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        page = form.cleaned_data.get("page") if form is not None and form.is_bound else None
        if page is None and form is not None:
            page = resolve(form["page"].value())
        return super().get_context_data(page=page, **kwargs)


class ReportView(FeedbackFormView):
    """The error report: on every content page, and on a page of its own (with its errors, or from a link)."""

    template_name = "feedback/report.html"
    page_title = gettext_lazy("Report an error on a page")
    form_class = ReportForm
    form_name = "report"
    limit_message = gettext_lazy(
        "You have already sent %(limit)s reports within the hour, the most we accept. This one was not saved: "
        "keep your message and send it again later."
    )

    def get(self, request):
        page = resolve(request.GET.get("page"))
        if page is None:
            raise Http404
        return self.render_to_response(self.get_context_data(form=ReportForm(initial={"page": reference(page)})))

    def accept(self, form):
        data = form.cleaned_data
        report = ErrorReport.objects.create(
            **ErrorReport.about(data["page"]), message=data["message"], email=data["email"], language=get_language()
        )
        notify.report_received(self.request, report)
        return "report"


class VoteView(FeedbackFormView):
    """ "Was this page useful?": one more yes or no in the page's count."""

    template_name = "feedback/vote.html"
    http_method_names = ["post", "options"]  # answered only by sending the form
    page_title = gettext_lazy("Was this page useful to you?")
    form_class = VoteForm
    form_name = "vote"
    limit_message = gettext_lazy(
        "You have already answered %(limit)s times within the hour, the most we count. This answer was not counted."
    )

    def accept(self, form):
        useful = form.cleaned_data["answer"] == "yes"
        PageFeedback.count(form.cleaned_data["page"], useful)
        return "yes" if useful else "no"


class ThanksView(PageInfoMixin, TemplateView):
    """After a report or an answer: thanks, the way back to the page, and after a "no" the report form."""

    template_name = "feedback/thanks.html"
    page_title = gettext_lazy("Thank you")

    def get_context_data(self, **kwargs):
        page = resolve(self.request.GET.get("page"))
        sent = self.request.GET.get("sent")
        form = ReportForm(initial={"page": reference(page)}) if page is not None and sent == "no" else None
        return super().get_context_data(page=page, sent=sent, form=form, **kwargs)
