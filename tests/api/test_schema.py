"""The OpenAPI 3 schema at /api/v1/schema/ and the browsable docs at /api/v1/docs/ (no key needed)."""

import json
import re

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

OPENAPI_JSON = "application/vnd.oai.openapi+json"


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/", headers={"Accept": OPENAPI_JSON})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi_3_covering_every_endpoint(schema):
    validate_schema(schema)

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/articles/",
        "/api/v1/articles/{lookup}/",
        "/api/v1/studies/",
        "/api/v1/studies/{lookup}/",
        "/api/v1/conditions/",
        "/api/v1/conditions/{lookup}/",
        "/api/v1/disclaimers/",
        "/api/v1/disclaimers/{lookup}/",
        "/api/v1/changes/",
        "/api/v1/leads/",
    }


def test_schema_documents_the_bearer_key_and_the_error_shape(schema):
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["ApiKey"]["description"],
    }
    articles = schema["paths"]["/api/v1/articles/"]["get"]
    assert articles["security"] == [{"ApiKey": []}]
    for path, operations in schema["paths"].items():
        responses = set(operations["get"]["responses"])
        assert {"200", "400", "401", "403", "429"} <= responses, path
        conditional = path not in ("/api/v1/leads/", "/api/v1/changes/")  # never kept, so never a 304
        assert ("304" in responses) == conditional, path
    assert "404" in schema["paths"]["/api/v1/articles/{lookup}/"]["get"]["responses"]
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"status", "code", "detail", "errors"}


def test_schema_lists_every_filter_with_its_allowed_values(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}

    assert {
        "condition", "design", "strongest_evidence", "min_evidence_level", "published_since", "published_before",
        "updated_since", "updated_before", "search", "ordering", "page_size", "cursor", "fields",
    } == set(parameters)  # fmt: skip
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert "-updated" in parameters["ordering"]["schema"]["enum"]
    assert parameters["min_evidence_level"]["schema"]["enum"] == [1, 2, 3, 4, 5, 6, 7]
    # Sent as the server reads it, design=a,b: a generated client must not repeat the parameter.
    assert (parameters["design"]["schema"]["type"], parameters["design"]["explode"]) == ("array", False)


def test_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    # Every script and style comes from this site (not "cdn" anywhere: a random CSP nonce may spell it).
    addresses = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert addresses and all(address.startswith("/") for address in addresses), addresses
    assert client.get("/api/v1/docs/?script=").status_code == 200


def test_page_size_limits_are_read_when_the_schema_is_built(client, settings):
    settings.EVIDENCE_API_MAX_PAGE_SIZE = 7

    response = client.get("/api/v1/schema/", headers={"Accept": OPENAPI_JSON})

    paths = json.loads(response.content)["paths"]
    changes = {p["name"]: p for p in paths["/api/v1/changes/"]["get"]["parameters"]}
    articles = {p["name"]: p for p in paths["/api/v1/articles/"]["get"]["parameters"]}
    assert changes["page_size"]["description"] == "Changes per answer, 1 to 7."
    assert articles["page_size"]["schema"]["maximum"] == 7
