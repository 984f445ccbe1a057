"""Uploaded images: checked by their content, cleaned of their metadata, resized once.

An upload is accepted only when Pillow decodes it as JPEG, PNG or WebP within the size limits. The stored
original is re-encoded without its EXIF block (camera, date, GPS position), turned upright first; the
renditions served to visitors are made at upload time, in WebP and in the original format, under random
names. Every file goes through Django's storage API, so the media storage can change (S3…).
"""

import io
import re
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
UPLOAD_FOLDER = "articles/images"
IMAGE_SOURCE = re.compile(r'<img\s[^>]*?\bsrc="([^"]*)"')
# Decoding costs about 4 bytes a pixel, and resizing holds two or three copies: 24 megapixels (6000 × 4000, more
# than the 1440-pixel renditions need) keep an upload under about 300 MB of a worker's memory and 2 s; the
# limit is checked on the header, before anything is decoded.
MAX_PIXELS = 24_000_000
RENDITION_WIDTHS = (480, 960, 1440)
# Pillow's format name → file extension of the stored files.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}

MESSAGES = {
    "invalid": _("This file is not a readable JPEG, PNG or WebP image. Save it in one of these formats and try again."),
    "too_heavy": _("This image weighs %(size)s MB; the limit is %(limit)s MB. Reduce it before sending it."),
    "too_large": _(
        "This image measures %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is %(limit)s "
        "megapixels. Reduce its dimensions before sending it."
    ),
    "bomb": _(
        "This file announces huge dimensions that would saturate the server once decoded (a “decompression "
        "bomb”): it was refused for safety. Export the image again from your photo software."
    ),
}


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def inspect_image(file):
    """Check an uploaded file by its content; return (format, width, height) or raise a French ValidationError."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            MESSAGES["too_heavy"], code="too_heavy", params={"size": _megabytes(file.size), "limit": 10}
        )
    file.seek(0)
    try:
        # Pillow refuses (or warns about) images whose dimensions could exhaust memory once decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                if image_format not in FORMATS:
                    raise ValidationError(MESSAGES["invalid"], code="invalid")
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        MESSAGES["too_large"],
                        code="too_large",
                        params={
                            "width": width,
                            "height": height,
                            "megapixels": round(width * height / 1_000_000),
                            "limit": MAX_PIXELS // 1_000_000,
                        },
                    )
                image.load()  # decode it all: a truncated or corrupt file fails here, not on a visitor's page
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(MESSAGES["bomb"], code="bomb") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(MESSAGES["invalid"], code="invalid") from error
    finally:
        file.seek(0)
    return image_format, width, height


def validate_image(file):
    """Model field validator: the same checks for every write path that validates (forms, full_clean)."""
    if file and not getattr(file, "_committed", True):
        inspect_image(file)


class ImageUploadField(forms.ImageField):
    """The admin's upload field: our checks and French messages, before Django's generic ones."""

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        image_format, _width, _height = inspect_image(file)
        file.content_type = Image.MIME.get(image_format)
        return file


def _encode(image, image_format):
    buffer = io.BytesIO()
    options = dict(SAVE_OPTIONS[image_format])
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        options["icc_profile"] = icc_profile  # colours, not personal data
    # No `exif=` argument: Pillow writes no EXIF block, hence no GPS position.
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def process_upload(file, storage, folder):
    """Store a clean original and its renditions; return (original name, width, height, renditions).

    `renditions` is a list of {"format", "width", "height", "name"} for the template's srcset.
    """
    file.seek(0)
    with Image.open(file) as source:
        image_format = source.format
        image = ImageOps.exif_transpose(source)  # keep the photo upright once the orientation tag is gone
        image.load()
    stem = f"{folder}/{uuid.uuid4().hex}"
    extension = FORMATS[image_format]
    original = storage.save(f"{stem}.{extension}", ContentFile(_encode(image, image_format)))
    width, height = image.size
    renditions = []
    for target in sorted({min(width, w) for w in RENDITION_WIDTHS}):
        resized = image if target == width else image.resize((target, round(height * target / width)), Image.LANCZOS)
        for rendition_format in dict.fromkeys(("WEBP", image_format)):
            name = storage.save(
                f"{stem}-{target}.{FORMATS[rendition_format]}", ContentFile(_encode(resized, rendition_format))
            )
            renditions.append(
                {"format": rendition_format, "width": resized.width, "height": resized.height, "name": name}
            )
    return original, width, height, renditions


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def media_path(name):
    """The address under which the texts show a stored file: MEDIA_URL and its name, whatever the storage (the
    public pages get the storage's own addresses when the text is prepared). With the local storage, the
    default, it is also where the file is served, so the editor shows it."""
    return f"/{settings.MEDIA_URL.strip('/')}/{name}"


def image_stem(address):
    """The stored name (without extension) of the uploaded image at `address` (original or rendition), or None."""
    folder = re.escape(media_path(UPLOAD_FOLDER))
    match = re.fullmatch(rf"{folder}/([0-9a-f]{{32}})(?:-[0-9]+)?\.[a-z]+", address or "")
    return f"{UPLOAD_FOLDER}/{match[1]}" if match else None


def stems_in(html):
    """The stored names (without extension) of the uploaded images that an HTML text shows."""
    return {stem for src in IMAGE_SOURCE.findall(html or "") if (stem := image_stem(src))}
