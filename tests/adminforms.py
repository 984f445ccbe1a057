"""Post admin forms as a browser would: read the values a rendered form offers, change some, send them."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = form_id is None
        self.values = {}
        self._textarea = None
        self._select = None
        self._select_first = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.values[name] = [attrs.get("value", "")]
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]
        elif tag == "select" and name:
            self._select, self._select_first, self._multiple = name, None, "multiple" in attrs
            self.values[name] = []
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self.values[self._select].append(value)

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            self.values[self._textarea][0] = self.values[self._textarea][0].removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select:
            # A single select without a selected option sends its first option, as browsers do.
            if not self.values[self._select] and not self._multiple and self._select_first is not None:
                self.values[self._select] = [self._select_first]
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def form_values(response, form_id=None):
    """The values the form `form_id` (the first form when None) would send, as a dict for the test client."""
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    values = {}
    for name, items in parser.values.items():
        if "__prefix__" in name or not items:
            continue
        values[name] = items if len(items) > 1 else items[0]
    return values
