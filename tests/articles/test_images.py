"""Article images uploaded through the admin: real files made with Pillow, stored in a temporary MEDIA_ROOT."""

import io
import os
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from articles.models import ArticleImage
from tests.support.admin_forms import form_values

pytestmark = pytest.mark.django_db


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
def upload(staff_client, article, media_root):
    """Post the article's change form with one new image in the images inline."""
    url = reverse("admin:articles_article_change", args=[article.pk])

    def send(name, content, **fields):
        data = form_values(staff_client.get(url), "article_form")
        data.update(
            {
                "images-TOTAL_FORMS": "1",
                "images-0-image": SimpleUploadedFile(name, content),
                "images-0-alt_fr": "Une aiguille fine près de la peau",
                "images-0-alt_en": "A fine needle near the skin",
                "images-0-caption_fr": "",
                "images-0-caption_en": "",
                "images-0-credit": "Photo : cabinet, tous droits réservés",
                "images-0-position": "1",
                **fields,
            }
        )
        return staff_client.post(url, data)

    return send


def errors_of(response):
    assert response.status_code == 200, "the form should have been refused"
    return response.content.decode()


def test_a_real_jpeg_is_accepted_cleaned_and_resized_once(upload, staff_client, article, media_root):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test file has GPS data"
    response = upload("IMG_2031 vacances.jpg", original)
    assert response.status_code == 302, response.content.decode()[:3000]

    image = ArticleImage.objects.get(article=article)
    assert (image.width, image.height) == (2000, 1500)
    assert re.fullmatch(r"articles/images/[0-9a-f]{32}\.jpg", image.image.name), "random name, not the upload's"
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

    names_before = sorted(os.listdir(media_root / "articles" / "images"))
    assert len(names_before) == 7
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert staff_client.post(url, form_values(staff_client.get(url), "article_form")).status_code == 302
    assert sorted(os.listdir(media_root / "articles" / "images")) == names_before, "renditions are made once"

    html = Client().get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/articles/images/' in html
    assert re.search(r'srcset="[^"]+-480\.jpg 480w, [^"]+-960\.jpg 960w, [^"]+-1440\.jpg 1440w"', html)
    assert 'loading="lazy"' in html and 'alt="Une aiguille fine près de la peau"' in html
    assert "Photo : cabinet, tous droits réservés" in html
    english = Client().get(f"/en{article.get_absolute_url()}").content.decode()
    assert 'alt="A fine needle near the skin"' in english


def test_small_png_keeps_its_format_and_size(upload, article):
    assert upload("schema.png", png((300, 200), "RGBA")).status_code == 302
    image = ArticleImage.objects.get(article=article)
    assert {(r["format"], r["width"]) for r in image.renditions} == {("WEBP", 300), ("PNG", 300)}
    assert image.image.name.endswith(".png")


def test_a_text_file_named_jpg_is_refused(upload, article):
    html = errors_of(upload("photo.jpg", b"Ceci n'est pas une image.\n" * 20))
    assert "Ce fichier n’est pas une image JPEG, PNG ou WebP lisible." in html
    assert not ArticleImage.objects.exists()


def test_another_image_format_is_refused(upload):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "GIF")
    assert "n’est pas une image JPEG, PNG ou WebP" in errors_of(upload("anim.gif", buffer.getvalue()))


def test_a_file_over_10_mb_is_refused(upload):
    noise = png((1900, 1900), "RGB", data=os.urandom(1900 * 1900 * 3), compress_level=0)
    assert len(noise) > 10 * 1024 * 1024
    html = errors_of(upload("grande.png", noise))
    assert "Cette image pèse 10,3 Mo ; la limite est de 10 Mo." in html
    assert not ArticleImage.objects.exists()


def test_an_image_over_24_megapixels_is_refused(upload):
    html = errors_of(upload("panorama.png", png((8000, 6000))))
    assert "Cette image mesure 8000 × 6000 pixels (48 mégapixels) ; la limite est de 24 mégapixels." in html


def test_a_decompression_bomb_is_refused(upload):
    bomb = decompression_bomb()
    assert len(bomb) < 1000
    html = errors_of(upload("bombe.png", bomb))
    assert "bombe de décompression" in html and "refusé par sécurité" in html
    assert not ArticleImage.objects.exists()


def test_alternative_text_is_required_in_each_language_and_the_credit_too(upload):
    html = errors_of(upload("photo.jpg", jpeg_with_gps((800, 600)), **{"images-0-alt_en": "", "images-0-credit": ""}))
    assert html.count("Ce champ est obligatoire") >= 2
    assert not ArticleImage.objects.exists()
