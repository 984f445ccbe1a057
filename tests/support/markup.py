"""Small HTML checks for page tests, on the standard library's parser."""

from html.parser import HTMLParser


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attrs dict)
        self.html_lang = None
        self.inline_script = False
        self.inline_script_nonces = []  # the nonce attribute of each inline script (None when it has none)
        self.json_ld = []  # the text of each <script type="application/ld+json">
        self._in_script = False
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "script":
            self._in_json_ld = attrs.get("type") == "application/ld+json"
            self._in_script = not self._in_json_ld
            self._script_nonce = attrs.get("nonce")
            if self._in_json_ld:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = self._in_json_ld = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_script = True
            self.inline_script_nonces.append(self._script_nonce)
        if self._in_json_ld:
            self.json_ld[-1] += data

    def count(self, tag):
        return sum(1 for name, _attrs in self.tags if name == tag)

    def with_attribute(self, attribute):
        return [(name, attrs) for name, attrs in self.tags if attribute in attrs]

    def links(self, rel):
        return [attrs for name, attrs in self.tags if name == "link" and attrs.get("rel") == rel]

    def meta(self, key):
        """The content of each <meta name=key> or <meta property=key>."""
        return [
            attrs.get("content")
            for name, attrs in self.tags
            if name == "meta" and key in (attrs.get("name"), attrs.get("property"))
        ]


def parse(response):
    parser = PageParser()
    parser.feed(response.content.decode())
    parser.close()
    return parser
