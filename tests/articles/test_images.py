"""Article images sent from the editor's image dialog: real files made with Pillow, stored in a temporary
MEDIA_ROOT, placed in the text as figures and shown with their renditions on the public page."""

import io
import os
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ExifTags, Image

from articles.models import Article, ArticleImage
from tests.support.admin_forms import form_errors, form_values

# Editing online pages without the medical sign-off in the way (tests/editorial/test_signoff.py covers it).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signoff_not_required")]


def jpeg_with_gps(size=(2000, 1500)):
    """A real photo-like JPEG carrying a camera model and a GPS position in its EXIF block."""
    image = Image.new("RGB", size, (180, 120, 90))
    for x in range(0, size[0], 50):
        image.paste((40, 90, 160), (x, 0, x + 20, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "AppareilTest"
    exif[ExifTags.Base.Model] = "Modèle 3000"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 7.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def png(size, mode="L", data=None, **options):
    image = Image.frombytes(mode, size, data) if data else Image.new(mode, size)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def decompression_bomb(width=60_000, height=60_000):
    """A tiny real PNG whose header then announces a huge size: the classic decompression bomb."""
    data = bytearray(png((64, 64)))
    header = data[12:16] + struct.pack(">II", width, height) + data[24:29]
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(header) & 0xFFFFFFFF)
    return bytes(data)


@pytest.fixture
def send(staff_client, article, media_root):
    """Send an image as the editor's dialog does (multipart, with the language of the text being edited)."""

    def post(name, content, article=article, **fields):
        url = reverse("admin:articles_article_image_send")
        if article is not None:
            url += f"?article={article.pk}"
        data = {
            "image": SimpleUploadedFile(name, content),
            "language": "fr",
            "alt_fr": "Une aiguille fine près de la peau",
            "alt_en": "A fine needle near the skin",
            "credit": "Photo : cabinet, tous droits réservés",
            **fields,
        }
        return staff_client.post(url, data)

    return post


def figure(image, caption="Une séance au cabinet"):
    return f'<figure><img src="{image["src"]}" alt="{image["alt"]["fr"]}"><figcaption>{caption}</figcaption></figure>'


def save_article(client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_values(client.get(url), "article_form")
    data.update(changes)
    return client.post(url, data)


def errors_of(response):
    assert response.status_code == 400, "the image should have been refused"
    return " ".join(message for messages in response.json()["errors"].values() for message in messages)


def test_a_real_jpeg_is_accepted_cleaned_resized_once_and_shown_where_placed(send, staff_client, article, media_root):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test file has GPS data"
    response = send("IMG_2031 vacances.jpg", original)
    assert response.status_code == 201, response.content.decode()[:3000]
    sent = response.json()["image"]

    image = ArticleImage.objects.get(article=article)
    assert (image.width, image.height) == (2000, 1500)
    assert re.fullmatch(r"articles/images/[0-9a-f]{32}\.jpg", image.image.name), "random name, not the upload's"
    assert sent["src"] == f"/media/{image.fallback['name']}" and sent["alt"]["fr"] == image.alt_fr
    with default_storage.open(image.image.name) as stored:
        content = stored.read()
    assert b"AppareilTest" not in content and b"Exif" not in content
    stored_image = Image.open(io.BytesIO(content))
    assert stored_image.format == "JPEG" and not stored_image.getexif()
    assert "exif" not in stored_image.info

    made = {(r["format"], r["width"]) for r in image.renditions}
    assert made == {(f, w) for f in ("WEBP", "JPEG") for w in (480, 960, 1440)}
    for rendition in image.renditions:
        with default_storage.open(rendition["name"]) as file:
            rendered = Image.open(file)
            assert (rendered.format, rendered.width) == (rendition["format"], rendition["width"])
            assert not rendered.getexif()

    # Placed between two paragraphs of each text, as the editor places it at the cursor.
    english = sent | {"alt": {"fr": sent["alt"]["en"]}}
    body_fr = f"<p>Avant l’image.</p>{figure(sent)}<p>Après l’image.</p>"
    body_en = f"<p>Before.</p>{figure(english, 'A session')}<p>After.</p>"
    assert save_article(staff_client, article, body_fr=body_fr, body_en=body_en).status_code == 302
    names_before = sorted(os.listdir(media_root / "articles" / "images"))
    assert len(names_before) == 7
    assert save_article(staff_client, article).status_code == 302
    assert sorted(os.listdir(media_root / "articles" / "images")) == names_before, "renditions are made once"

    with CaptureQueriesContext(connection) as queries:
        html = Client().get(article.get_absolute_url()).content.decode()
    image_table = ArticleImage._meta.db_table
    assert any(Article._meta.db_table in query["sql"] for query in queries), "rendered, not from a cache"
    assert not [query["sql"] for query in queries if image_table in query["sql"]], "the figure is in the prepared text"
    prose = html.split('<div class="prose">', 1)[1]
    assert prose.index("Avant l’image") < prose.index("<figure") < prose.index("Après l’image"), "where placed"
    assert prose.count("<figure") == 1
    assert '<source type="image/webp" srcset="/media/articles/images/' in prose
    assert re.search(r'srcset="[^"]+-480\.jpg 480w, [^"]+-960\.jpg 960w, [^"]+-1440\.jpg 1440w"', prose)
    assert 'loading="lazy"' in prose and 'alt="Une aiguille fine près de la peau"' in prose
    assert (
        '<figcaption>Une séance au cabinet <small class="credit">Photo : cabinet, tous droits réservés</small>' in prose
    )
    english_page = Client().get(f"/en{article.get_absolute_url()}").content.decode()
    assert 'alt="A fine needle near the skin"' in english_page and "A session" in english_page


def test_small_png_keeps_its_format_and_size(send, article):
    assert send("schema.png", png((300, 200), "RGBA")).status_code == 201
    image = ArticleImage.objects.get(article=article)
    assert {(r["format"], r["width"]) for r in image.renditions} == {("WEBP", 300), ("PNG", 300)}
    assert image.image.name.endswith(".png")


def test_a_text_file_named_jpg_is_refused(send):
    assert "Ce fichier n’est pas une image JPEG, PNG ou WebP lisible." in errors_of(
        send("photo.jpg", b"Ceci n'est pas une image.\n" * 20)
    )
    assert not ArticleImage.objects.exists()


def test_another_image_format_is_refused(send):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "GIF")
    assert "n’est pas une image JPEG, PNG ou WebP" in errors_of(send("anim.gif", buffer.getvalue()))


def test_a_file_over_10_mb_is_refused(send):
    noise = png((1900, 1900), "RGB", data=os.urandom(1900 * 1900 * 3), compress_level=0)
    assert len(noise) > 10 * 1024 * 1024
    assert "Cette image pèse 10,3 Mo ; la limite est de 10 Mo." in errors_of(send("grande.png", noise))
    assert not ArticleImage.objects.exists()


def test_an_image_over_24_megapixels_is_refused(send):
    message = errors_of(send("panorama.png", png((8000, 6000))))
    assert "Cette image mesure 8000 × 6000 pixels (48 mégapixels) ; la limite est de 24 mégapixels." in message


def test_a_decompression_bomb_is_refused(send):
    bomb = decompression_bomb()
    assert len(bomb) < 1000
    message = errors_of(send("bombe.png", bomb))
    assert "bombe de décompression" in message and "refusé par sécurité" in message
    assert not ArticleImage.objects.exists()


def test_alternative_text_is_required_in_the_language_edited_only(send, staff_client, article):
    photo = jpeg_with_gps((800, 600))
    message = errors_of(send("photo.jpg", photo, alt_fr="", credit=""))
    assert "Décrivez l’image dans la langue du texte" in message and "Indiquez l’auteur et la licence" in message
    assert "Décrivez" in errors_of(send("photo.jpg", photo, language="en", alt_en=""))
    assert not ArticleImage.objects.exists()

    # The other language's text can wait: a translation to do, shown on the article's form, not an error.
    sent = send("photo.jpg", photo, alt_en="").json()["image"]
    body_en = f"<p>Text.</p>{figure(sent, 'A session')}"  # the translator placed it too, not yet described
    assert (
        save_article(staff_client, article, body_fr=f"<p>Texte.</p>{figure(sent)}", body_en=body_en).status_code == 302
    )
    form = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Traduction à faire\u00a0: 1 image n’a pas encore de description" in form and "manque\u00a0: anglais" in form
    english = Client().get(f"/en{article.get_absolute_url()}").content.decode()
    assert 'alt="Une aiguille fine près de la peau" lang="fr"' in english, "meanwhile the French text, marked"


def test_an_image_sent_from_a_new_article_survives_an_error_elsewhere_in_the_form(send, staff_client, category):
    sent = send("photo.jpg", jpeg_with_gps((800, 600)), article=None).json()["image"]
    assert ArticleImage.objects.get().article is None
    add = reverse("admin:articles_article_add")
    data = form_values(staff_client.get(add), "article_form")
    data.update(slug_fr="nouvel-article", category=str(category.pk), summary_fr="Résumé.", body_fr=figure(sent))
    refused = staff_client.post(add, data)  # no title: refused
    assert refused.status_code == 200 and "Ce champ est obligatoire" in refused.content.decode()
    kept = form_values(refused, "article_form")
    assert sent["src"] in kept["body_fr"], "the figure is still in the text sent back"

    kept.update(title_fr="Nouvel article")
    saved = staff_client.post(add, kept)
    assert saved.status_code == 302, form_errors(saved)
    article = Article.objects.get(slug="nouvel-article")
    assert ArticleImage.objects.get().article == article
    assert 'class="article-figure"' in article.prepared_text["fr"]["html"]
    listed = staff_client.get(reverse("admin:articles_article_images"), {"article": article.pk}).json()["images"]
    assert [image["src"] for image in listed] == [sent["src"]], "the dialog offers it again for this page"


def test_an_image_still_in_the_text_cannot_be_deleted(send, staff_client, article):
    sent = send("photo.jpg", jpeg_with_gps((800, 600))).json()["image"]
    assert save_article(staff_client, article, body_fr=f"<p>Texte.</p>{figure(sent)}").status_code == 302
    image = ArticleImage.objects.get()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_values(staff_client.get(url), "article_form")
    data["images-0-DELETE"] = "on"
    refused = staff_client.post(url, data)
    assert refused.status_code == 200 and "Cette image figure dans le texte" in refused.content.decode()
    assert ArticleImage.objects.filter(pk=image.pk).exists()


def test_describing_an_image_again_updates_the_page(send, staff_client, article):
    sent = send("photo.jpg", jpeg_with_gps((800, 600))).json()["image"]
    assert save_article(staff_client, article, body_fr=f"<p>Texte.</p>{figure(sent)}").status_code == 302
    response = staff_client.post(
        sent["describe"], {"language": "fr", "alt_fr": "Une main et une aiguille", "alt_en": "", "credit": "Cabinet"}
    )
    assert response.status_code == 200
    html = Client().get(article.get_absolute_url()).content.decode()
    assert 'alt="Une main et une aiguille"' in html and '<small class="credit">Cabinet</small>' in html


def test_only_staff_who_may_change_articles_send_images(client, media_root, article, django_user_model):
    url = reverse("admin:articles_article_image_send") + f"?article={article.pk}"
    assert client.post(url, {"image": SimpleUploadedFile("a.png", png((10, 10)))}).status_code == 302  # login
    visitor = django_user_model.objects.create_user("patient", "p@example.org", "a-long-test-password")
    visitor.is_staff = True
    visitor.save()
    client.force_login(visitor)
    assert client.post(url, {"image": SimpleUploadedFile("a.png", png((10, 10)))}).status_code == 403
    assert not ArticleImage.objects.exists()
