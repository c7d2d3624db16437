"""Guide bodies: Markdown written by staff, rendered by Python-Markdown, then sanitised by nh3 (an allow-list).

The sanitiser runs on the HTML that Markdown produced, so raw HTML typed into a body (a <script>, an onclick=,
a javascript: link) never reaches a page, whatever Markdown let through.
"""

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "th": {"scope"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# The page title is the only <h1>: headings in a body start at level 2 ("#" is demoted to <h2>).
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _demote_headings(html: str) -> str:
    if "<h1" not in html:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


def render_markdown(text: str) -> SafeString:
    """Markdown source -> sanitised HTML safe to put in a page."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 — nh3 has removed everything outside the allow-list


def plain_text(text: str) -> str:
    """The words of a Markdown body without markup (for the search index and descriptions)."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    return nh3.clean(html, tags=set()).replace("&amp;", "&")
