"""Sources and claims: import references, format them, check inline citations and risky health claims.

- `parsers/` read RIS, BibTeX, PubMed MEDLINE and CSL-JSON into one record shape (`records.ImportedEntry`).
- `plan.py` decides, before anything is written, what an import creates, merges or refuses;
  `evidence.services.imports` commits a plan all or nothing.
- `csl.py` and `export.py` turn studies into CSL-JSON, RIS and BibTeX; `evidence.citations.format`
  renders AMA and Vancouver references from the same CSL data.
- `markers.py` reads inline citation markers; `marker_checks.py` finds markers that point nowhere.
- `claim_check.py` records risky claims on submission; `evidence.services.review_gate` is what the workflow asks
  before a submission and an approval.
"""
