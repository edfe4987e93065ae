"""Realistic page chrome for the feed farm: what real news pages carry around an article.

Pages of diplomatic news sites (state.gov, asean.org, vietnamplus.vn, bernama.com) are 60 to
200 KB of HTML around a few KB of text: a head of meta tags, preloads, critical CSS, analytics
and ad scripts, a JSON state blob and JSON-LD; a cookie-consent dialog; a mega-menu of hundreds
of links; sidebars of related and most-read articles with teasers; ad slots; a footer of link
columns and trailing scripts.  :func:`dress` wraps a seed template (bench/farm.py) in such
chrome, built deterministically from a variant number: the same variant gives the same bytes.
The article body and the page's own metadata (title, canonical link, author, date, site name)
are left as the seed page has them, and the JSON-LD repeats them, so an extractor finds the same
article in the dressed page as in the plain one.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass

SECTIONS = (
    "World", "Politics", "Business", "Economy", "ASEAN", "Society", "Opinion", "Sports",
    "Culture", "Science", "Technology", "Travel", "Health", "Environment", "Video", "Photos",
)  # fmt: skip
WORDS = (
    "regional", "minister", "talks", "trade", "summit", "partners", "maritime", "security",
    "delegation", "investment", "cooperation", "energy", "forum", "agreement", "council", "visit",
    "framework", "border", "growth", "exports", "climate", "digital", "youth", "tourism",
    "festival", "market", "policy", "reform", "bank", "rice", "supply", "chain", "port",
    "railway", "election", "court", "health", "vaccine", "flood", "typhoon", "harvest", "league",
    "cup", "award", "film", "music", "heritage",
)  # fmt: skip
_META = {
    "site": re.compile(r'<meta property="og:site_name" content="([^"]*)"'),
    "author": re.compile(r'<meta name="author" content="([^"]*)"'),
    "published": re.compile(r'<meta property="article:published_time" content="([^"]*)"'),
}
_BODY_TAG = re.compile(r"<body[^>]*>\n")
_MENU_END = re.compile(r'(<nav class="main-menu".*?</nav>\n)', re.S)


@dataclass(frozen=True)
class Chrome:
    """The parts a dressed page adds to a template (everything but the JSON-LD)."""

    head: str
    top: str
    menu: str
    sidebars: str
    footer: str


def _phrase(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _head(rng: random.Random, density: float) -> str:
    metas = [f'  <meta property="article:tag" content="{_phrase(rng, 1, 3)}">' for _ in range(12)]
    links = [
        f'  <link rel="preload" as="script" href="/static/js/chunk-{rng.randrange(16**8):08x}.js">'
        for _ in range(14)
    ]
    css = "\n".join(
        f".c{n:03d}{{margin:{rng.randint(0, 24)}px;color:#{rng.randrange(16**6):06x};"
        f"font:{rng.randint(11, 22)}px/1.{rng.randint(2, 6)} sans-serif}}"
        for n in range(int(rng.randint(60, 140) * density))
    )
    state = {
        "menu": [{"name": s, "url": f"/{_slug(s)}", "id": n} for n, s in enumerate(SECTIONS)],
        "ads": [
            {
                "slot": f"div-gpt-{n}",
                "sizes": [[300, 250], [728, 90]],
                "targeting": _phrase(rng, 4, 8),
            }
            for n in range(int(rng.randint(30, 50) * density))
        ],
        "experiments": {f"exp_{n}": rng.random() < 0.5 for n in range(40)},
    }
    return "\n".join(
        [
            '  <meta name="description" content="' + _phrase(rng, 18, 30) + '">',
            *metas,
            *links,
            f"  <style>{css}</style>",
            "  <script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date()"
            ".getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s);"
            "j.async=true;j.src='https://www.googletagmanager.example/gtm.js?id='+i;"
            "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-X');"
            "</script>",
            f"  <script>window.__INITIAL_STATE__ = {json.dumps(state)};</script>",
            "",
        ]
    )


def _top(rng: random.Random) -> str:
    vendors = "".join(
        f'<li><label><input type="checkbox" checked> {_phrase(rng, 2, 3)} Ltd '
        f"({_phrase(rng, 6, 12).lower()})</label></li>"
        for _ in range(rng.randint(25, 40))
    )
    ticker = "".join(
        f'<a href="/breaking/{n}">{_phrase(rng, 5, 9)}</a> ' for n in range(rng.randint(8, 14))
    )
    return (
        '  <a class="skip-link" href="#main">Skip to content</a>\n'
        f'  <div class="top-bar breaking-ticker">{ticker}</div>\n'
        '  <div id="consent-dialog" class="cookie-consent modal" role="dialog"><h2>Your privacy'
        f"</h2><p>{_phrase(rng, 40, 60)}.</p><ul class='vendor-list'>{vendors}</ul>"
        "<button>Accept all</button><button>Reject all</button></div>\n"
    )


def _menu(rng: random.Random, density: float) -> str:
    columns = []
    for section in SECTIONS:
        links = "".join(
            f'<li><a href="/{_slug(section)}/{_slug(t)}">{t}</a></li>'
            for t in (_phrase(rng, 1, 3) for _ in range(int(rng.randint(14, 26) * density)))
        )
        promo = (
            f'<div class="menu-promo"><a href="/{_slug(section)}">{_phrase(rng, 6, 10)}</a></div>'
        )
        columns.append(f'<li class="mega-col"><span>{section}</span><ul>{links}</ul>{promo}</li>')
    return (
        f'    <nav class="mega-menu" aria-label="All sections"><ul>{"".join(columns)}</ul></nav>\n'
    )


def _teasers(rng: random.Random, kind: str, count: int) -> str:
    items = []
    for n in range(count):
        title = _phrase(rng, 6, 12)
        href = f"/news/{kind}-{n}-{_slug(title)[:40]}"
        items.append(
            f'<li class="teaser"><a href="{href}"><img src="/img/{rng.randrange(16**10):010x}.jpg"'
            f' alt="{title}" width="320" height="180" loading="lazy"></a><h3><a href="{href}">'
            f'{title}</a></h3><span class="teaser-summary">{_phrase(rng, 12, 20)}.</span>'
            f'<time datetime="2026-05-0{n % 9 + 1}">{n + 1} hours ago</time></li>'
        )
    return "".join(items)


def _sidebars(rng: random.Random, density: float) -> str:
    ads = "".join(
        f'<div class="ad-slot" id="div-gpt-{n}" data-sizes="300x250,300x600"></div>'
        for n in range(6)
    )
    return (
        '    <div class="related-articles widget"><h2>More on this story</h2><ul>'
        f"{_teasers(rng, 'more', int(rng.randint(10, 16) * density))}</ul></div>\n"
        f'    <div class="sidebar-widget most-popular"><h2>Most read</h2><ol>'
        f"{_teasers(rng, 'popular', int(rng.randint(8, 12) * density))}</ol></div>\n"
        f'    <div class="sidebar-widget latest-news"><h2>Latest</h2><ul>'
        f"{_teasers(rng, 'latest', int(rng.randint(10, 18) * density))}</ul>{ads}</div>\n"
    )


def _footer(rng: random.Random) -> str:
    columns = "".join(
        f"<div class='footer-col'><h4>{section}</h4><ul>"
        + "".join(
            f'<li><a href="/{_slug(section)}/{n}">{_phrase(rng, 1, 3)}</a></li>'
            for n in range(rng.randint(6, 10))
        )
        + "</ul></div>"
        for section in SECTIONS
    )
    scripts = "".join(
        f'<script src="/static/js/vendor-{rng.randrange(16**8):08x}.js" defer></script>'
        for _ in range(10)
    )
    return (
        f'    <div class="footer-columns">{columns}</div>\n'
        f'    <div class="footer-apps"><a href="/app">{_phrase(rng, 5, 8)}</a></div>\n'
        f"    {scripts}\n"
    )


def chrome(variant: int) -> Chrome:
    """The chrome of variant ``variant`` (deterministic); variants differ in how much of it
    there is (``density``), so page sizes spread over about 60 to 120 KB."""
    rng = random.Random(f"chrome-{variant}")
    density = rng.uniform(0.75, 1.85)
    return Chrome(
        _head(rng, density), _top(rng), _menu(rng, density), _sidebars(rng, density), _footer(rng)
    )


def json_ld(template_head: str, title: str, url: str) -> str:
    """A NewsArticle and a BreadcrumbList repeating the page's own metadata."""
    found = {k: m.group(1) for k, p in _META.items() if (m := p.search(template_head))}
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "mainEntityOfPage": url,
        "datePublished": found.get("published", ""),
        "author": {"@type": "Organization", "name": found.get("author", "")},
        "publisher": {"@type": "Organization", "name": found.get("site", "")},
    }
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n + 1, "name": s, "item": f"/{_slug(s)}"}
            for n, s in enumerate(SECTIONS[:3])
        ],
    }
    blocks = (json.dumps(article), json.dumps(crumbs))
    return "".join(f'  <script type="application/ld+json">{b}</script>\n' for b in blocks)


def dress(head: str, tail: str, parts: Chrome, ld: str) -> tuple[str, str]:
    """A template's head and tail with ``parts`` (and the JSON-LD ``ld``) added in place."""
    head = head.replace("</head>", parts.head + ld + "</head>", 1)
    head = _BODY_TAG.sub(lambda m: m.group(0) + parts.top, head, count=1)
    head = _MENU_END.sub(lambda m: m.group(1) + parts.menu, head, count=1)
    tail = tail.replace("</article>\n", "</article>\n" + parts.sidebars, 1)
    tail = tail.replace("</footer>", parts.footer + "  </footer>", 1)
    return head, tail
