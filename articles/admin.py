from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from articles.images import language_codes, stems_in
from articles.models import EVIDENCE_FIELDS, Article, ArticleImage, Category, Source
from mesoinfo.editorial.admin import PublishableAdmin, ReviewDueFilter, SectionAdmin, TranslationFilter

admin.site.register(Category, SectionAdmin)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ["position", "title", "publisher", "year", "url", "no_address"]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"class": "source-url"})},
        models.CharField: {"widget": forms.TextInput(attrs={"class": "source-text"})},
    }


class FigureImageForm(forms.ModelForm):
    """An image sent or described from the editor's image dialog: its alternative text is required in the
    language of the text it is placed in; the other language's may wait (a translation to do)."""

    class Meta:
        model = ArticleImage
        fields = ["image", *(build_localized_fieldname("alt", code) for code in language_codes()), "credit"]

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        alt = self.fields[build_localized_fieldname("alt", language)]
        alt.required = True
        alt.error_messages["required"] = _(
            "Describe the image in the language of the text: people who cannot see it hear this description."
        )
        self.fields["credit"].error_messages["required"] = _(
            "Give the author and the licence of the image, e.g. “Photo: the clinic, all rights reserved”."
        )
        if self.instance.pk:
            del self.fields["image"]
        else:
            self.fields["image"].error_messages["required"] = _("Choose an image on the computer.")


class ImagesInTextFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        article = self.instance
        shown = set().union(*(stems_in(getattr(article, f"body_{code}", "")) for code in language_codes()))
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.stem in shown:
                form.add_error(
                    None,
                    _("This image is in the text: remove it from the text first (select it, then “Remove”)."),
                )
                raise forms.ValidationError(_("An image still shown in the text cannot be deleted."))


class ArticleImageInline(TranslationTabularInline):
    """The images sent for this article: their alternative texts (translations to do show here) and credits.
    Images are sent and placed from the editor's Image button, not here."""

    model = ArticleImage
    formset = ImagesInTextFormSet
    extra = 0
    fields = ["preview", "alt", "credit", "in_text"]
    readonly_fields = ["preview", "in_text"]
    verbose_name_plural = _("images of this article")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("image"))
    def preview(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<img class="image-preview" src="{}" alt="">', obj.thumbnail_url)

    @admin.display(description=_("in the text"))
    def in_text(self, obj):
        if not obj.article_id:
            return "—"
        article = obj.article
        shown = [code.upper() for code in language_codes() if obj.stem in stems_in(getattr(article, f"body_{code}"))]
        return ", ".join(shown) or _("not placed")


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "publication_display", "next_review_display", "translation_display", "updated_display"]
    list_filter = ["status", ReviewDueFilter, TranslationFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "essentials", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}  # each language's slug from that language's title
    autocomplete_fields = ["author", "reviewer", "conditions"]
    date_hierarchy = "published_at"
    inlines = [SourceInline, ArticleImageInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "category",
                    "position",
                    "summary",
                    "essentials",
                    "body",
                    "conditions",
                    "version",
                ]
            },
        ),
        (
            _("Evidence at a glance (indication pages)"),
            {
                "fields": ["evidence_level", *EVIDENCE_FIELDS],
                "description": _(
                    "Shown as a box at the top of the page, the same way on every indication page, and given to "
                    "search engines. The levels are explained on the page “What the studies show: our scale”."
                ),
            },
        ),
        (_("Related pages"), {"fields": ["related_pages"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Authors and review"), {"fields": ["author", "reviewer", "last_reviewed", "next_review"]}),
        (_("Search engines"), {"fields": ["meta_description"]}),
    ]

    # Images: sent, described and listed from the editor's image dialog (mesoinfo/editor.js) -----------------

    def get_urls(self):
        return [
            path("images/", self.admin_site.admin_view(self.images_view), name="articles_article_images"),
            path("images/envoi/", self.admin_site.admin_view(self.image_send_view), name="articles_article_image_send"),
            path(
                "images/<int:pk>/description/",
                self.admin_site.admin_view(self.image_describe_view),
                name="articles_article_image_describe",
            ),
            *super().get_urls(),
        ]

    def image_library(self, request, obj):
        if not (self.has_add_permission(request) or self.has_change_permission(request, obj)):
            return None
        query = f"?article={obj.pk}" if obj else ""
        return {
            "list": reverse("admin:articles_article_images") + query,
            "send": reverse("admin:articles_article_image_send") + query,
        }

    def _article(self, request, data, change=False):
        """The article named by `data["article"]` that this user may see (or change), or None for a new one."""
        pk = data.get("article")
        if not pk:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = get_object_or_404(Article, pk=pk) if str(pk).isdigit() else None
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if article is None or not allowed(request, article):
            raise PermissionDenied
        return article

    def _image_json(self, image):
        return {
            "id": image.pk,
            "src": image.editor_src,
            "addresses": image.addresses(),
            "thumbnail": image.thumbnail_url,
            "width": image.fallback["width"] if image.fallback else image.width,
            "height": image.fallback["height"] if image.fallback else image.height,
            "alt": {code: getattr(image, build_localized_fieldname("alt", code)) or "" for code in language_codes()},
            "credit": image.credit,
            "describe": reverse("admin:articles_article_image_describe", args=[image.pk]),
        }

    @staticmethod
    def _errors(form):
        errors = form.errors.get_json_data()
        return JsonResponse(
            {"errors": {name: [error["message"] for error in field_errors] for name, field_errors in errors.items()}},
            status=400,
        )

    def _language(self, request):
        language = request.POST.get("language")
        if language not in language_codes():
            raise PermissionDenied
        return language

    def images_view(self, request):
        """The images of an article (and, for a text not saved yet, those it shows): the dialog's choice."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        article = self._article(request, request.GET)
        images = ArticleImage.objects.filter(article=article) if article else ArticleImage.objects.none()
        shown = ArticleImage.objects.filter(article__isnull=True).at_addresses(request.GET.getlist("src"))
        return JsonResponse({"images": [self._image_json(image) for image in (images | shown).distinct()]})

    def image_send_view(self, request):
        """A new image from the dialog: checked like any upload (articles.images), stored with its renditions."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, request.GET, change=True)
        form = FigureImageForm(request.POST, request.FILES, language=self._language(request))
        if not form.is_valid():
            return self._errors(form)
        image = form.save(commit=False)
        image.article = article
        image.save()
        return JsonResponse({"image": self._image_json(image)}, status=201)

    def image_describe_view(self, request, pk):
        """New alternative texts or credit for an image already sent."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        image = get_object_or_404(ArticleImage, pk=pk)
        if image.article_id:
            self._article(request, {"article": image.article_id}, change=True)
        elif not self.has_add_permission(request):
            raise PermissionDenied
        form = FigureImageForm(request.POST, instance=image, language=self._language(request))
        if not form.is_valid():
            return self._errors(form)
        form.save()
        return JsonResponse({"image": self._image_json(image)})
