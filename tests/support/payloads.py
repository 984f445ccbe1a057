"""Hostile input, OWASP XSS filter-evasion cheat-sheet style.

Every payload that could run would set `window.__xss` or open a dialog, which the browser test watches.
"""

PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=2;alert(2)">',
    '<img src="/static/img/favicon.svg" onload="window.__xss=3">',
    "<IMG SRC=JaVaScRiPt:alert(4)>",
    '<svg onload="window.__xss=5;alert(5)">',
    "<svg><script>window.__xss=6</script></svg>",
    '<svg><a xlink:href="javascript:alert(7)"><text x="20" y="20">lien</text></a></svg>',
    '<a href="javascript:window.__xss=8;alert(8)">lien</a>',
    '<a href="  JaVaScRiPt:alert(9)">lien</a>',
    '<a href="jav&#x09;ascript:alert(10)">lien</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(11)">lien</a>',
    '<a href="javascript&colon;alert(12)">lien</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=">lien</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTQpPjwvc3ZnPg==">',
    '<iframe src="javascript:alert(15)"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=16</script>"></iframe>',
    '<object data="data:text/html,<script>alert(17)</script>"></object>',
    '<embed src="javascript:alert(18)">',
    '"><script>window.__xss=19</script>',
    "'><img src=x onerror=window.__xss=20>",
    '" onmouseover="window.__xss=21" autofocus onfocus="window.__xss=21" x="',
    "' onmouseover='window.__xss=22' '",
    "</title><script>window.__xss=23</script>",
    "</textarea><script>window.__xss=24</script>",
    "<scr<script>ipt>window.__xss=25</scr</script>ipt>",
    "<<script>script>window.__xss=26<</script>/script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=27>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=28>">',
    '<!--<img src="--><img src=x onerror=window.__xss=29//">',
    '<details open ontoggle="window.__xss=30">ouvert</details>',
    '<input autofocus onfocus="window.__xss=31">',
    '<body onload="window.__xss=32">',
    '<form action="javascript:alert(33)"><button>envoyer</button></form>',
    '<button formaction="javascript:alert(34)">envoyer</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(35)">',
    '<base href="javascript:alert(36)//">',
    '<link rel="stylesheet" href="data:text/css,body{display:none}">',
    '<style>body{background:url("javascript:alert(38)")}</style>',
    '<div style="background-image:url(javascript:alert(39))">fond</div>',
    '<p onclick="window.__xss=40" onmouseover="window.__xss=40">survol</p>',
    "&lt;script&gt;window.__xss=41&lt;/script&gt;",
    "%3Cscript%3Ewindow.__xss%3D42%3C%2Fscript%3E",
    "\\u003cscript\\u003ewindow.__xss=43\\u003c/script\\u003e",
    '<img """><script>window.__xss=44</script>">',
    '<script type="application/ld+json">{"a":"</script><script>window.__xss=45</script>"}</script>',
    "<x onclick=window.__xss=46>balise inconnue</x>",
    "<img src=/media/x onerror=window.__xss=47>",
    '<a href="/static/../media/x" onclick="window.__xss=48">lien local</a>',
    "{{ request.META }}{% now 'Y' %}",
    "${window.__xss=50}",
]

# For fields too short for most payloads (a phone number, a category name…).
SHORT_PAYLOADS = ["<svg onload=alert(1)>", '"><b onclick=alert(1)>', "<script>alert(1)"]

# A URL that Django's URL validation accepts, with a breakout in its path.
URL_PAYLOAD = 'https://example.org/"><script>window.__xss=99</script>'
REJECTED_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]


def groups(size=200):
    """The payloads packed, in order, into lists of at most `size` characters (one list per hostile object)."""
    packed = [[]]
    for payload in PAYLOADS:
        if packed[-1] and len(" ".join([*packed[-1], payload])) > size:
            packed.append([])
        packed[-1].append(payload)
    return packed


def fitting(payloads, max_length):
    """As many of `payloads` as fit a field of `max_length` characters (all of them without a limit)."""
    text = ""
    for payload in payloads:
        candidate = f"{text} {payload}" if text else payload
        if max_length is not None and len(candidate) > max_length:
            break
        text = candidate
    return text or next(short for short in SHORT_PAYLOADS if len(short) <= max_length)
