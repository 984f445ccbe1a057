from django.contrib import admin

from mesoinfo.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["phrase", "alternatives", "language"]
    list_filter = ["language"]
    search_fields = ["phrase", "alternatives"]
    fields = ["language", "phrase", "alternatives"]
