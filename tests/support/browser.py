"""Checks on what a real browser shows, for the Playwright tests."""


def image_shown(image):
    """Whether the `<img>` behind a Playwright locator has loaded and can be drawn.

    A click does not wait for the next page's images, and an image marked `loading="lazy"` only starts loading
    near the viewport: the image is brought into view, then its own `decode()` promise says when it is ready
    (it is refused for a missing or broken file).
    """
    image.scroll_into_view_if_needed()
    return image.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")
