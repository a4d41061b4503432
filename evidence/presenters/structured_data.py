"""schema.org JSON-LD for public pages, built from the same presenter objects the page shows.

Search engines compare structured data with the visible page; building both
from one object keeps them from drifting apart (a page must not claim a
review date or a citation the reader cannot see).
"""

from evidence.media.presenters import image_objects

SITE_NAME = "Evidence Desk"
CONTEXT = "https://schema.org"


def _date(value):
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat() if value else None


def _person(user):
    person = {"@type": "Person", "name": user.display_name or user.byline}
    if user.credentials:
        person["honorificSuffix"] = user.credentials
    return person


def _condition(condition, absolute):
    data = {"@type": "MedicalCondition", "name": condition.name, "url": absolute(condition.get_absolute_url())}
    if condition.synonyms:
        data["alternateName"] = list(condition.synonyms)
    return data


def scholarly_article(reference, absolute):
    """One cited study: its DOI link as the identifier readers and machines can follow."""
    study = reference.study
    data = {"@type": "ScholarlyArticle", "name": study.title, "url": absolute(study.get_absolute_url())}
    if study.doi:
        data["@id"] = f"https://doi.org/{study.doi}"
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": study.doi}
    same_as = [url for _label, url in reference.links]
    if same_as:
        data["sameAs"] = same_as
    if study.journal:
        data["isPartOf"] = {"@type": "Periodical", "name": study.journal}
    if study.year:
        data["datePublished"] = str(study.year)
    if study.authors:
        data["author"] = [_author(a) for a in study.authors]
    return data


def _author(author):
    return {"@type": "Person", "name": " ".join(filter(None, [author.get("given"), author["family"]]))}


def article_page(page, absolute):
    """MedicalWebPage for an article page; `absolute` turns a path into a full URL."""
    article = page.article
    data = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": article.title,
        "headline": article.title,
        "description": article.seo_description or article.summary,
        "url": absolute(article.get_absolute_url()),
        "inLanguage": "en",
        "author": _person(article.author),
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "datePublished": _date(page.first_published_at),
        "dateModified": _date(page.updated_at),
    }
    if page.medical_reviewer and page.reviewed_at:
        data["lastReviewed"] = _date(page.reviewed_at)
        data["reviewedBy"] = _person(page.medical_reviewer)
    if page.conditions:
        data["about"] = [_condition(c, absolute) for c in page.conditions]
    if page.references:
        data["citation"] = [scholarly_article(r, absolute) for r in page.references]
    if images := image_objects(page.figures, absolute):
        data["image"] = images
    return {key: value for key, value in data.items() if value is not None}


def condition_page(condition, absolute, articles=()):
    data = _condition(condition, absolute)
    if condition.summary:
        data["description"] = condition.summary
    return {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": condition.name,
        "url": absolute(condition.get_absolute_url()),
        "about": data,
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "hasPart": [_web_page(a, absolute) for a in articles],
    }


def _web_page(article, absolute):
    return {"@type": "MedicalWebPage", "name": article.title, "url": absolute(article.get_absolute_url())}


def study_page(reference, absolute):
    return {"@context": CONTEXT, **scholarly_article(reference, absolute)}
