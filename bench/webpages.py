# ruff: noqa: E501  (page templates: long lines of HTML read better whole)
"""A check set of news web pages: real article bodies inside generated page furniture.

Each page wraps one hand-written article body (BBC News 2004-2005, read from ../shared at run
time and never copied into the repository) in one of several site layouts with the
boilerplate real news pages carry: a cookie banner, navigation menus, a breaking-news ticker,
share buttons, figures with captions, advertisement slots, inline "read more" boxes, pull
quotes, a newsletter box, reader comments, related and trending stories, an author box and a
footer. Metadata is given the ways pages give it (JSON-LD, OpenGraph, <meta>, or only
<title>), in UTF-8 or Windows-1252, with typographic quotes as entities or characters, body
paragraphs as <p> elements or <br>-separated text.

The gold for a page is its body as written: the paragraphs of the article file below its
headline. `write_check_set` writes the pages as .html files, as one WARC (a request and a
response per page, plus images and a robots.txt that are not articles) and as JSON lines
({"url", "html"}), with `gold.jsonl` beside them.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

TOPICS = ("business", "entertainment", "politics", "sport", "tech")
SITES = [
    ("The Daily Example", "daily.example.com"),
    ("Northern Courier", "courier.example.net"),
    ("Metro Ledger", "ledger.example.org"),
    ("The Evening Post", "eveningpost.example.co.uk"),
    ("Global Wire Today", "gwt.example.com"),
]
NAMES = [
    "Anne Barnard",
    "Hwaida Saad",
    "Tom Whitfield",
    "Priya Raman",
    "Jonas Berg",
    "Lucia Moreno",
    "Sam O'Neill",
    "Grace Okafor",
]
COMMENTS = [
    "Finally someone says it. This has been obvious for years.",
    "Great reporting, thank you for covering this properly.",
    "I don't buy it. Where are the numbers for last year?",
    "My brother works there and says the real story is very different.",
    "Who is paying for all of this? Somebody should ask the minister.",
    "Same thing happened in our town and nobody reported on it at all.",
    "Interesting piece, but the headline is misleading in my view.",
    "Subscribed just to say this is the best article I have read this week.",
]


@dataclass(slots=True)
class Page:
    """One page of the check set: its id, URL, bytes and the body it must yield."""

    id: str
    url: str
    html: bytes
    title: str
    gold: str


def load_articles(corpus: Path, n: int, seed: int) -> list[tuple[str, str, list[str]]]:
    """n (id, title, paragraphs) from the BBC corpus, spread over its topics."""
    rng = random.Random(seed)
    files = []
    for topic in TOPICS:
        found = sorted((corpus / topic).glob("*.txt"))
        rng.shuffle(found)
        files.append(found)
    out: list[tuple[str, str, list[str]]] = []
    seen: set[str] = set()
    i = 0
    while len(out) < n:
        pool = files[i % len(files)]
        path = pool.pop()
        i += 1
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        title, _, body = text.strip().partition("\n\n")
        paras = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
        if len(paras) < 2 or paras[0] in seen:  # the corpus holds a few stories twice
            continue
        seen.add(paras[0])
        out.append((f"{path.parent.name}-{path.stem}", title.strip(), paras))
    return out


def _esc(text: str, entities: bool) -> str:
    s = html.escape(text, quote=False)
    if entities:
        s = (
            s.replace("\u201c", "&ldquo;")
            .replace("\u201d", "&rdquo;")
            .replace("\u2019", "&rsquo;")
            .replace("£", "&pound;")
            .replace("'", "&#39;")
            .replace("\u2013", "&ndash;")
        )
    return s


def _links(rng: random.Random, labels: list[str], cls: str) -> str:
    items = "".join(
        f'<li><a href="/{cls}/{i}">{html.escape(x)}</a></li>' for i, x in enumerate(labels)
    )
    return f'<ul class="{cls}">{items}</ul>'


def _body_html(paras: list[str], rng: random.Random, style: int, others: list[str]) -> str:
    entities = style % 2 == 0
    parts: list[str] = []
    for i, p in enumerate(paras):
        text = _esc(p, entities)
        # inline markup inside paragraphs, as CMSs write it
        words = text.split(" ")
        if len(words) > 12 and rng.random() < 0.4:
            k = rng.randrange(2, len(words) - 4)
            words[k] = f'<a href="/topic/{k}">{words[k]}</a>'
        if len(words) > 12 and rng.random() < 0.2:
            k = rng.randrange(2, len(words) - 4)
            words[k] = f"<em>{words[k]}</em>"
        text = " ".join(words)
        parts.append(text)
        if i == 1 and rng.random() < 0.5:
            parts.append(
                '<!--AD--><div class="ad-slot advert" aria-hidden="true"><span>Advertisement</span>'
                '<div class="ad-container" data-slot="mid-article"></div></div>'
            )
        if i == 2 and rng.random() < 0.4:
            parts.append(
                '<aside class="read-more"><h3>Read more</h3>'
                + _links(rng, rng.sample(others, 2), "inline-related")
                + "</aside>"
            )
        if i == 1 and rng.random() < 0.3:
            parts.append(
                f'<figure class="inline-image"><img src="/img/{rng.randrange(1000)}.jpg" alt="">'
                f"<figcaption>{_esc(rng.choice(others), entities)}: file photo of the scene. "
                "Picture: Example Images</figcaption></figure>"
            )
        # the hard kind: boilerplate written as body paragraphs, inside the article's element
        if i == 0 and len(paras) > 3 and rng.random() < 0.35:
            parts.append(
                f'<p><strong>READ MORE:</strong> <a href="/news/more-{i}">'
                f"{_esc(rng.choice(others), entities)}</a></p>"
            )
        if i == 3 and rng.random() < 0.25:
            parts.append(
                "<p><em>Get the biggest stories of the day in your inbox: "
                '<a href="/newsletters">sign up to our free newsletter</a>.</em></p>'
            )
    if rng.random() < 0.3:
        parts.append(
            '<p class="article-footer"><em>Have you been affected by the issues raised in this '
            'story? <a href="/contact">Get in touch with our newsroom</a>.</em></p>'
        )
    if style == 3:
        # an older CMS: paragraphs as text separated by <br><br>, markers kept aside
        kept = [x for x in parts if not x.startswith(("<!--AD", "<aside", "<figure", "<p>"))]
        return '<div class="text">' + "<br><br>\n".join(kept) + "</div>"
    return "\n".join(
        x if x.startswith(("<!--AD", "<aside", "<figure", "<p")) else f"<p>{x}</p>" for x in parts
    )


def render(pid: str, title: str, paras: list[str], rng: random.Random, others: list[str]) -> Page:
    """One page in one of five layouts, with its boilerplate."""
    style = rng.randrange(5)
    site, domain = SITES[style]
    url = f"https://{domain}/news/{pid}"
    authors = rng.sample(NAMES, rng.choice([1, 1, 2]))
    day = f"2005-0{rng.randrange(1, 10)}-{rng.randrange(10, 29)}"
    entities = style % 2 == 0
    t = _esc(title, entities)
    meta = ""
    if style in (0, 2, 4):
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": f"{day}T09:00:00Z",
            "author": [{"@type": "Person", "name": a} for a in authors],
            "publisher": {"@type": "Organization", "name": site},
        }
        meta += f'<script type="application/ld+json">{json.dumps(ld)}</script>\n'
    if style in (0, 1, 4):
        meta += (
            f'<meta property="og:title" content="{html.escape(title)}">\n'
            f'<meta property="og:site_name" content="{site}">\n'
            f'<meta property="og:url" content="{url}">\n'
            f'<meta property="article:published_time" content="{day}T09:00:00Z">\n'
        )
    if style in (1, 3):
        meta += f'<meta name="author" content="{", ".join(authors)}">\n'
        meta += f'<meta name="date" content="{day}">\n'
    charset = "windows-1252" if style == 3 else "utf-8"
    nav = _links(
        rng,
        [
            "Home",
            "News",
            "World",
            "UK",
            "Business",
            "Politics",
            "Tech",
            "Science",
            "Health",
            "Sport",
            "Culture",
            "Travel",
            "Opinion",
            "Video",
        ][: rng.randrange(6, 14)],
        "nav",
    )
    related = _links(rng, rng.sample(others, rng.randrange(3, 7)), "related")
    trending = _links(rng, rng.sample(others, 5), "trending")
    comments = "".join(
        f'<div class="comment"><p class="who">reader{rng.randrange(999)}</p><p>{html.escape(c)}</p>'
        f'<p class="meta">{rng.randrange(1, 59)} minutes ago · <a href="#">Reply</a> · '
        f'<a href="#">Report</a></p></div>'
        for c in rng.sample(COMMENTS, rng.randrange(2, 6))
    )
    cookie = (
        '<div id="cookie-banner" class="cookie-consent" role="dialog"><p>We and our partners use '
        "cookies to personalise content and ads, provide social media features and analyse our "
        "traffic. You can change your choice at any time in the privacy settings.</p>"
        '<button>Accept all</button><button>Reject</button><a href="/privacy">Manage options</a></div>'
    )
    byline = " and ".join(
        f'<a href="/by/{a.split()[-1].lower()}" rel="author">{a}</a>' for a in authors
    )
    body = _body_html(paras, rng, style, others)
    share = '<ul class="share"><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li><li><a href="#">Email</a></li><li><a href="#">Copy link</a></li></ul>'
    newsletter = (
        '<section class="newsletter"><h2>Sign up for our daily briefing</h2><p>Get the top '
        "stories delivered to your inbox every morning. You can unsubscribe at any time.</p>"
        '<form><input type="email" placeholder="Email address"><button>Subscribe</button></form></section>'
    )
    author_box = (
        f'<div class="author-bio"><p><strong>{authors[0]}</strong> is a correspondent for {site}. '
        f"Follow on social media for the latest updates.</p></div>"
    )
    footer = (
        f'<footer class="site-footer">{_links(rng, ["About us", "Contact", "Careers", "Advertise", "Privacy", "Terms", "Accessibility"], "footer-links")}'
        f"<p>&copy; 2005 {site}. All rights reserved. {site} is not responsible for the content of external sites.</p></footer>"
    )
    if style == 0:
        article = (
            f'<article class="story"><header><h1>{t}</h1><p class="byline">By {byline}</p>'
            f'<time datetime="{day}">{day}</time>{share}</header>'
            f'<div class="story-body" itemprop="articleBody">{body}</div></article>'
        )
        page_body = f'{cookie}<header><nav>{nav}</nav></header><main>{article}{author_box}{newsletter}<section id="comments"><h2>Comments</h2>{comments}</section><aside><h2>Related stories</h2>{related}</aside></main>{footer}'
    elif style == 1:
        article = (
            f'<div class="article"><h1 class="headline">{t}</h1><div class="meta"><span class="author">{", ".join(authors)}</span> | '
            f'<span class="date">{day}</span></div><div class="article-content">{body}</div></div>'
        )
        page_body = f'<div id="wrapper">{cookie}<div id="top"><div class="logo">{site}</div>{nav}<div class="ticker"><b>Breaking</b> {html.escape(others[0])}</div></div><div id="main"><div class="col-main">{article}<div class="comments"><h3>{len(comments)} Comments</h3>{comments}</div></div><div class="col-side"><h3>Most read</h3>{trending}<h3>More from {site}</h3>{related}</div></div>{footer}</div>'
    elif style == 2:
        article = (
            f'<main role="main"><article><h1>{t}</h1><div class="byline">By {byline}, {site}</div>'
            f'<section class="article-body">{body}</section>{share}</article></main>'
        )
        page_body = f'<header class="masthead">{nav}</header>{cookie}{article}<section class="more"><h2>You may also like</h2>{related}</section><section class="trending"><h2>Trending</h2>{trending}</section><div id="disqus_thread"><h3>Join the discussion</h3>{comments}</div>{footer}'
    elif style == 3:
        article = (
            f'<table width="100%"><tr><td class="content"><h2 class="title">{t}</h2>'
            f'<p class="small">{", ".join(authors)} - {day}</p>{body}</td>'
            f'<td class="sidebar" width="200"><b>Other stories</b>{related}</td></tr></table>'
        )
        page_body = (
            f'<div class="top">{nav}</div>{article}<div class="comments">{comments}</div>{footer}'
        )
    else:
        pull = ""
        if len(paras) > 3:
            sentence = paras[2].split(". ")[0]
            pull = f'<blockquote class="pullquote"><p>{_esc(sentence, entities)}</p></blockquote>'
        article = (
            f'<div class="container"><div class="row"><div class="col-8"><div class="post">'
            f'<h1 class="post-title">{t}</h1><div class="post-meta">Posted by {byline} on {day}</div>'
            f'<div class="post-content entry-content">{body}{pull}</div></div>'
            f'<div class="tags">Tags: <a href="/tag/a">news</a>, <a href="/tag/b">latest</a></div>'
            f'{author_box}<div class="comments-area"><h3>Leave a reply</h3>{comments}</div></div>'
            f'<div class="col-4 sidebar"><div class="widget"><h3>Popular</h3>{trending}</div>'
            f'<div class="widget"><h3>Related</h3>{related}</div>{newsletter}</div></div></div>'
        )
        page_body = f'{cookie}<nav class="navbar">{nav}</nav>{article}{footer}'
    doc = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="{charset}">\n'
        f"<title>{t} | {site}</title>\n{meta}"
        '<link rel="stylesheet" href="/css/main.css"><script>var _gaq=_gaq||[];</script>\n'
        f'</head>\n<body>\n{page_body}\n<script src="/js/app.js"></script>\n</body>\n</html>\n'
    )
    data = doc.encode("cp1252", errors="xmlcharrefreplace") if charset != "utf-8" else doc.encode()
    return Page(pid, url, data, title, "\n\n".join(paras))


def check_set(corpus: Path, n: int = 181, seed: int = 14) -> list[Page]:
    """The n pages of the check set (the same every time for the same corpus and seed)."""
    rng = random.Random(seed)
    articles = load_articles(corpus, n, seed)
    titles = [t for _, t, _ in articles]
    pages = []
    for pid, title, paras in articles:
        others = [x for x in titles if x != title]
        pages.append(render(pid, title, paras, rng, others))
    return pages


def write_check_set(pages: list[Page], out: Path) -> dict[str, Path]:
    """The pages as .html files, one WARC and JSON lines, and gold.jsonl; their paths."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    if out.exists():
        shutil.rmtree(out)  # a set written before (another corpus version) must not linger
    html_dir = out / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    for p in pages:
        (html_dir / f"{p.id}.html").write_bytes(p.html)
    warc = out / "pages.warc.gz"
    with warc.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(warc.name, {"software": "bench/webpages.py"}))
        for i, p in enumerate(pages):
            req = StatusAndHeaders(
                f"GET /news/{p.id} HTTP/1.1", [("Host", p.url.split("/")[2])], is_http_request=True
            )
            w.write_record(w.create_warc_record(p.url, "request", http_headers=req))
            charset = "windows-1252" if b'charset="windows-1252"' in p.html[:200] else "utf-8"
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", f"text/html; charset={charset}"), ("Content-Encoding", "gzip")],
                protocol="HTTP/1.1",
            )
            w.write_record(
                w.create_warc_record(
                    p.url, "response", payload=io.BytesIO(gzip.compress(p.html)), http_headers=http
                )
            )
            if i % 20 == 0:  # things a crawl holds that are not articles
                img = StatusAndHeaders(
                    "200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1"
                )
                w.write_record(
                    w.create_warc_record(
                        p.url + ".jpg",
                        "response",
                        payload=io.BytesIO(b"\xff\xd8\xff" + bytes(500)),
                        http_headers=img,
                    )
                )
                robots = StatusAndHeaders(
                    "404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1"
                )
                w.write_record(
                    w.create_warc_record(
                        p.url.rsplit("/", 2)[0] + "/missing",
                        "response",
                        payload=io.BytesIO(b"<html><body><h1>Not found</h1></body></html>"),
                        http_headers=robots,
                    )
                )
    jsonl = out / "pages.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for p in pages:
            charset = "cp1252" if b'charset="windows-1252"' in p.html[:200] else "utf-8"
            fh.write(json.dumps({"url": p.url, "html": p.html.decode(charset)}) + "\n")
    gold = out / "gold.jsonl"
    with gold.open("w", encoding="utf-8") as fh:
        for p in pages:
            fh.write(
                json.dumps({"id": p.id, "url": p.url, "title": p.title, "body": p.gold}) + "\n"
            )
    return {"html": html_dir, "warc": warc, "jsonl": jsonl, "gold": gold}
