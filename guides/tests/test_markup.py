"""Guide bodies are Markdown sanitised by an allow-list: nothing staff type can run in a visitor's browser."""

from hypothesis import given
from hypothesis import strategies as st

from guides.markup import plain_text, render_markdown


def test_it_renders_headings_lists_and_links():
    html = render_markdown("## Steps\n\n- one\n- two\n\n[Québec.ca](https://www.quebec.ca) **bold**")
    assert "<h2>Steps</h2>" in html
    assert "<li>one</li>" in html
    assert 'href="https://www.quebec.ca"' in html
    assert "<strong>bold</strong>" in html


def test_it_never_renders_a_script():
    html = render_markdown("Hello\n\n<script>alert('x')</script>\n\n<p><script src=//evil.example/x.js></script></p>")
    assert "<script" not in html
    assert "Hello" in html


def test_it_drops_event_handlers_styles_and_javascript_links():
    html = render_markdown(
        '<a href="https://ok.example" onclick="steal()">ok</a> <img src=x onerror=alert(1)> '
        '<span style="color:red">red</span> [click](javascript:alert(1)) <iframe src="https://x"></iframe>'
    )
    for forbidden in ("onclick", "onerror", "<img", "style=", "javascript:", "<iframe"):
        assert forbidden not in html


def test_it_demotes_a_level_one_heading_because_the_title_is_the_only_h1():
    html = render_markdown("# Big\n\n## Smaller")
    assert "<h1" not in html
    assert "<h2>Big</h2>" in html and "<h3>Smaller</h3>" in html


def test_it_gives_the_plain_words_of_a_body():
    assert plain_text("## Title\n\n- **one** & [two](https://x.example)").split() == ["Title", "one", "&", "two"]


@given(st.text(max_size=300))
def test_it_never_lets_a_script_tag_through_whatever_the_text(text):
    html = render_markdown(text + "<script>x</script>")
    assert "<script" not in html.lower()
