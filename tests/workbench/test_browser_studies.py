"""Studies from an identifier and the citation picker, clicked through in Chromium against Crossref and PubMed
served on this machine (the settings point at them).

The issue's target: writing a summary that cites one new study, given only its DOI, in no more than 8 page loads
and 12 typed fields (19 loads and about 30 fields before). The journey below counts both as it goes and writes
them to tests/artifacts/cite-once-journey.json; docs/guide.md reports them.
"""

import json

import pytest
from playwright.sync_api import expect

from evidence.models import Article, Status, Study
from tests.browser.actions import follow
from tests.factories import PASSWORD
from tests.lookups.records import BURT_DOI
from tests.lookups.servers import local_registries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registries(settings):
    """Crossref and PubMed on this machine (tests/lookups/records.py)."""
    yield from local_registries(settings)


VIEWPORT = {"width": 1500, "height": 950}
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


class Journey:
    """A writer's page that counts page loads (main-frame navigations) and fields typed into."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(WATCH_CSP)
        self.page = self.context.new_page()
        self.loads, self.typed = 0, []
        self.page.on("load", lambda _: self.count_load())

    def count_load(self):
        self.loads += 1

    def type(self, locator, text, name):
        locator.fill(text) if locator.evaluate("e => e.tagName") != "DIV" else locator.type(text)
        self.typed.append(name)

    def sign_in(self, live_server, person):
        self.page.goto(f"{live_server.url}/admin/login/")
        self.type(self.page.locator("#id_username"), person.email, "e-mail")
        self.type(self.page.locator("#id_password"), PASSWORD, "password")
        follow(self.page, self.page.locator("#login-form [type=submit]"))


@pytest.fixture
def journey(browser):
    trip = Journey(browser)
    yield trip
    trip.context.close()


def test_add_study_is_filled_in_from_a_doi_and_saved_by_the_writer(
    journey, live_server, writer, registries, screenshot_dir
):
    page = journey.page
    journey.sign_in(live_server, writer)
    page.goto(f"{live_server.url}/admin/evidence/study/add/")
    expect(page.get_by_role("link", name="Import references")).to_be_visible()

    journey.type(page.get_by_role("textbox", name="DOI, PMID or PMCID"), f"https://doi.org/{BURT_DOI}", "identifier")
    page.get_by_role("button", name="Fill in").click()

    expect(page.locator(".workbench-identifier-done")).to_contain_text("Filled in from Crossref and PubMed")
    expect(page.locator(".workbench-identifier-design")).to_contain_text(
        "Randomised controlled trial, from PubMed's publication type"
    )
    expect(page.locator("#id_title")).to_have_value(
        "Effect of Nonmyeloablative Hematopoietic Stem Cell Transplantation vs Continued Disease-Modifying "
        "Therapy on Disease Progression in Patients With Relapsing-Remitting Multiple Sclerosis"
    )
    expect(page.locator("#id_citation_key")).to_have_value("burt-2019")
    expect(page.locator("#id_authors")).to_have_value("Burt, Richard K.\nBalabanov, Roumen")
    expect(page.locator("#id_pmid")).to_have_value("30657947")
    expect(page.locator("#id_design")).to_have_value("randomised_trial")
    page.screenshot(path=screenshot_dir / "workbench-fill-in-from-doi.png")

    follow(page, page.locator("input[name=_continue]"))
    study = Study.objects.get()
    assert (study.doi, study.pmcid, study.journal, study.year, study.volume) == (
        BURT_DOI,
        "PMC6439765",
        "JAMA",
        2019,
        "321",
    )
    assert study.created_by == writer and "Abstract (Crossref and PubMed)" in study.notes
    assert page.evaluate("window.__csp") == []


def test_fill_in_says_when_the_registries_are_offline_and_the_writer_types_as_before(
    journey, live_server, writer, settings
):
    settings.EVIDENCE_CROSSREF_API = settings.EVIDENCE_PUBMED_API = "http://127.0.0.1:9"
    page = journey.page
    journey.sign_in(live_server, writer)
    page.goto(f"{live_server.url}/admin/evidence/study/add/?identifier=10.5555/offline")
    expect(page.locator(".workbench-identifier-result .errornote")).to_contain_text("could not be reached")
    expect(page.locator(".workbench-identifier-result .errornote")).to_contain_text("type the details yourself")
    expect(page.locator("#id_title")).to_have_value("")


def test_a_summary_citing_a_new_study_given_only_its_doi(journey, live_server, writer, registries, screenshot_dir):
    page = journey.page
    journey.sign_in(live_server, writer)
    page.goto(f"{live_server.url}/admin/evidence/article/add/")
    expect(page.locator(".workbench-preview-state")).to_have_text("Up to date")

    journey.type(page.locator("#id_title"), "Stem cell transplants in relapsing MS", "title")
    journey.type(page.locator("#id_summary"), "A trial compared transplants with the usual medicines.", "summary")
    editor = page.locator(".workbench .CodeMirror [contenteditable]")
    editor.click()
    journey.type(editor, "In a trial of 110 people, transplants delayed disability ", "body")

    page.get_by_role("button", name="Cite a study: [@citation-key]").click()
    journey.type(page.get_by_label("Search the library"), BURT_DOI, "picker search")
    expect(page.locator(".workbench-picker-offer")).to_contain_text(f"DOI {BURT_DOI} is not in the library.")
    page.screenshot(path=screenshot_dir / "workbench-cite-picker.png")
    page.get_by_role("button", name="Add it from Crossref/PubMed and cite it").click()

    expect(page.get_by_role("dialog", name="Cite a study")).not_to_be_visible()
    expect(page.frame_locator(".workbench-frame").locator(".body sup.cite a")).to_have_text("[1]")
    expect(page.frame_locator(".workbench-frame").locator("#ref-1")).to_contain_text("Effect of Nonmyeloablative")
    follow(page, page.locator("input[name=_continue]"))
    expect(page.locator(".messagelist")).to_contain_text("Cited from the markers in the text")

    follow(page, page.get_by_role("button", name="Submit for review"))
    expect(page.locator(".messagelist")).to_contain_text("submitted")

    article = Article.objects.get()
    assert "[@burt-2019]" in article.body and article.status == Status.IN_REVIEW
    assert [c.study.doi for c in article.citations.all()] == [BURT_DOI]
    assert Study.objects.get().created_by == writer
    assert page.evaluate("window.__csp") == []
    result = {"page_loads": journey.loads, "typed_fields": len(journey.typed), "fields": journey.typed}
    (screenshot_dir / "cite-once-journey.json").write_text(json.dumps(result, indent=2))
    print("cite once, a new study from its DOI:", result)
    assert journey.loads <= 8 and len(journey.typed) <= 12


def test_the_picker_finds_a_library_study_and_inserts_its_marker(journey, live_server, writer):
    Study.objects.create(
        citation_key="wu-2014",
        title="Exosomes in lupus",
        design="randomised_trial",
        population="human",
        pmid="24641956",
    )
    page = journey.page
    journey.sign_in(live_server, writer)
    page.goto(f"{live_server.url}/admin/evidence/article/add/")
    page.locator(".workbench .CodeMirror [contenteditable]").click()
    page.get_by_role("button", name="Cite a study: [@citation-key]").click()
    page.get_by_label("Search the library").fill("lupus")
    choice = page.locator(".workbench-picker-choice")
    expect(choice).to_contain_text("[@wu-2014]")
    expect(choice).to_contain_text("not public yet")
    page.get_by_label("Search the library").press("Enter")
    expect(page.locator(".workbench .CodeMirror")).to_contain_text("[@wu-2014]")
