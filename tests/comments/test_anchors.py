"""Comments survive edits: the words a comment points at are found again when the text moves, found nearly
when they change a little, and said to be removed when they are gone, never pinned on something else."""

from evidence.comments.anchors import Anchor, Found, anchor_for, locate, paragraphs

TEXT = (
    "Two small trials gave stem cells to people with type 1 diabetes.\n\n"
    "The results cured everyone, the authors said.\n\n"
    "Larger trials are under way."
)


def _anchor(quote, text=TEXT, **kwargs):
    return anchor_for(text, quote, context=32, **kwargs)


def _at(text, location):
    return text[location.start : location.end]


def test_an_anchor_keeps_the_words_with_what_stood_around_them_and_their_paragraph():
    anchor = _anchor("cured everyone")

    assert (anchor.exact, anchor.paragraph) == ("cured everyone", 1)
    assert anchor.prefix == TEXT[: TEXT.index("cured")][-32:] and anchor.prefix.endswith("diabetes.\n\nThe results ")
    assert anchor.suffix == ", the authors said.\n\nLarger tria"
    assert locate(anchor, TEXT).found == Found.HOLDS


def test_text_that_moved_is_found_where_it_went():
    anchor = _anchor("cured everyone")
    moved = "Larger trials are under way.\n\nA new opening.\n\n" + TEXT.replace("\n\nLarger trials are under way.", "")

    location = locate(anchor, moved)

    assert location.found in (Found.HOLDS, Found.MOVED) and _at(moved, location) == "cured everyone"


def test_new_surroundings_are_told_apart_from_an_intact_anchor():
    anchor = _anchor("cured everyone")
    rewritten = "Nobody claims the drug cured everyone in every trial."

    location = locate(anchor, rewritten)

    assert location.found == Found.MOVED and _at(rewritten, location) == "cured everyone"


def test_of_two_occurrences_the_one_with_the_old_surroundings_is_chosen():
    text = "It cured everyone, in mice.\n\n" + TEXT
    anchor = _anchor("cured everyone", text=text, position=text.index("The results") + 12)
    edited = "First: it cured everyone, in mice. Then more.\n\n" + TEXT

    location = locate(anchor, edited)

    assert location.start == edited.index("The results cured") + len("The results ")


def test_text_changed_slightly_is_found_with_its_new_words():
    anchor = _anchor("The results cured everyone, the authors said.")
    edited = TEXT.replace("cured everyone, the authors said", "cured almost everyone, the authors said")

    location = locate(anchor, edited)

    assert location.found == Found.CHANGED
    assert _at(edited, location) == "The results cured almost everyone, the authors said."


def test_text_deleted_is_reported_removed_not_pinned_elsewhere():
    anchor = _anchor("cured everyone")
    edited = TEXT.replace("The results cured everyone, the authors said.\n\n", "")

    assert locate(anchor, edited).found == Found.REMOVED


def test_text_rewritten_beyond_recognition_is_reported_removed():
    anchor = _anchor("The results cured everyone, the authors said.")
    edited = TEXT.replace("The results cured everyone, the authors said.", "Most participants saw no change at all.")

    assert locate(anchor, edited).found == Found.REMOVED


def test_a_paragraph_comment_follows_its_index_and_a_field_comment_the_whole_field():
    assert locate(Anchor("", paragraph=2), TEXT).found == Found.PARAGRAPH
    assert _at(TEXT, locate(Anchor("", paragraph=2), TEXT)) == "Larger trials are under way."
    assert locate(Anchor("", paragraph=5), TEXT).found == Found.REMOVED
    assert locate(Anchor(""), TEXT).found == Found.FIELD


def test_offsets_count_windows_line_ends_as_one_character_as_the_editor_does():
    anchor = _anchor("Larger trials")
    location = locate(anchor, TEXT.replace("\n", "\r\n"))

    assert location.start == TEXT.index("Larger trials")


def test_a_quote_not_in_the_text_gives_no_anchor():
    assert _anchor("insulin independence for all") is None
    assert paragraphs(TEXT) == [(0, 64), (66, 111), (113, 141)]
