"""What the fake registries hold in the lookup tests: one trial known to Crossref and PubMed, one mouse study
known to PubMed alone."""

BURT_DOI = "10.1001/jama.2018.18743"

BURT_MEDLINE = """PMID- 30657947
OWN - NLM
STAT- MEDLINE
DP  - 2019 Jan 15
TI  - Effect of Nonmyeloablative Hematopoietic Stem Cell Transplantation vs Continued
      Disease-Modifying Therapy on Disease Progression in Patients With
      Relapsing-Remitting Multiple Sclerosis: A Randomized Clinical Trial.
PG  - 165-74
LID - 10.1001/jama.2018.18743 [doi]
AB  - IMPORTANCE: Hematopoietic stem cell transplantation may slow disability.
      OBJECTIVE: To compare it with disease-modifying therapy.
FAU - Burt, Richard K
AU  - Burt RK
FAU - Balabanov, Roumen
AU  - Balabanov R
LA  - eng
PT  - Journal Article
PT  - Multicenter Study
PT  - Randomized Controlled Trial
TA  - JAMA
JT  - JAMA
VI  - 321
IP  - 2
MH  - Adult
MH  - Humans
MH  - *Multiple Sclerosis, Relapsing-Remitting/therapy
AID - 10.1001/jama.2018.18743 [doi]
PMC - PMC6439765
"""

BURT_CROSSREF = {
    "DOI": BURT_DOI,
    "type": "journal-article",
    "title": ["Effect of Nonmyeloablative Hematopoietic Stem Cell Transplantation vs Continued Disease-Modifying "
              "Therapy on Disease Progression in Patients With Relapsing-Remitting Multiple Sclerosis"],
    "author": [{"given": "Richard K.", "family": "Burt", "sequence": "first"},
               {"given": "Roumen", "family": "Balabanov", "sequence": "additional"}],
    "container-title": ["JAMA"],
    "volume": "321",
    "issue": "2",
    "page": "165",
    "issued": {"date-parts": [[2019, 1, 15]]},
}  # fmt: skip

MOUSE_MEDLINE = """PMID- 31000001
DP  - 2021 Mar
TI  - Mesenchymal stromal cells restore islets in diabetic mice.
PG  - 1201-9
FAU - Sarsenova, Madina
PT  - Journal Article
TA  - Stem Cell Res Ther
VI  - 12
IP  - 1
MH  - Animals
MH  - Mice
PMC - PMC8000001
"""

CROSSREF_ONLY = {
    "DOI": "10.5555/book.chapter",
    "type": "book-chapter",
    "title": ["Cell therapies: <i>an</i> overview"],
    "author": [{"name": "The MSC Consortium"}],
    "container-title": ["Regenerative Medicine Handbook"],
    "ISBN": ["978-0-19-852972-9"],
    "published-print": {"date-parts": [[2020]]},
    "abstract": "<jats:p>What cells can &amp; cannot do.</jats:p>",
}


def servers_with_library(crossref_server, pubmed_server):
    crossref_server.works.update({BURT_DOI: BURT_CROSSREF, "10.5555/book.chapter": CROSSREF_ONLY})
    pubmed_server.records.update({"30657947": BURT_MEDLINE, "31000001": MOUSE_MEDLINE})
    pubmed_server.dois.update({BURT_DOI: "30657947"})
    pubmed_server.pmcids.update({"pmc6439765": "30657947", "pmc8000001": "31000001"})
