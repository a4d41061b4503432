"""What the public renderer would drop is named while the writer types, and nothing it keeps is named."""

from evidence.presenters.bodies import render_body_uncached
from evidence.workbench.drops import dropped


def test_a_level_one_heading_an_external_image_and_raw_html_are_named_with_their_lines():
    body = "Intro.\n\n# A second title\n\n![scan](https://example.org/scan.png)\n\n<div>boxed</div> and <script>x()</script>"
    found = dropped(body)
    assert [(d.kind, d.line) for d in found] == [("heading", 3), ("image", 5), ("html", 7), ("html", 7)]
    assert "external image" in found[1].message
    assert "<div>" in found[2].text and "everything inside" in found[3].message
    html = render_body_uncached(body, {})
    assert "<h1" not in html and "<img" not in html and "<div" not in html and "<script" not in html


def test_setext_headings_links_with_bad_schemes_attributes_and_comments_are_named():
    body = 'Title\n=====\n\n[click](javascript:alert(1)) <a href="https://x.org" class="cite">x</a> <!-- note -->'
    kinds = [d.kind for d in dropped(body)]
    assert kinds == ["heading", "link", "attribute", "comment"]


def test_everything_the_renderer_keeps_is_not_named():
    body = (
        "## Trials\n\n### Small ones\n\n**Bold**, _italic_, `code`, [a link](https://example.org) [@burt-2019] [^1].\n\n"
        "- one\n- two\n\n1. first\n\n> quoted\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n---\n\n    <div>in code</div>\n"
    )
    assert dropped(body) == []
