"""Drop indexes that another index or constraint already provides; keep one per query or rule.

Working copies: `Article.slug`, `Condition.slug` and `Study.citation_key` each
had a plain B-tree and (PostgreSQL) a `_like` pattern index from `db_index`,
beside their unique constraint (`article_slug_unique`, `condition_slug_unique`,
`study_citation_key_unique`), which serves every equality look-up. The admin's
prefix search ("^slug", "^citation_key") uses the UPPER(...) indexes of 0008,
never the `_like` ones; the condition admin's search is a "contains" search,
which no B-tree serves. Both are dropped.

Revisions: `ArticleRevision.slug`, `ConditionRevision.slug` and
`StudyRevision.citation_key` keep one plain B-tree, now declared in Meta
(`article_rev_slug`, `condition_rev_slug`, `study_rev_citation_key`): an old
address or key redirects by looking up every revision that once went live
with it (selectors.live._redirect_value), and the study page finds a live
study by key. No query pattern-matches them, so their `_like` index goes.

Foreign keys: `*Revision.item` is the first column of the `(item, number)`
unique constraint, `Citation.article` of `(article, study)` and
`ClaimFinding.revision` of `(revision, rule, field, position)`; a composite
index serves look-ups on its first column, so the foreign keys' own indexes go.
(`DisclaimerRevision.item` has the same duplicate; it is left for the change
that next touches models/disclaimers.py.)

Why SQL instead of AlterField for the database: on PostgreSQL, AlterField
with `db_index=False` drops *every* plain-type index on the column that is
not a Meta index, which includes the partial unique indexes
`article_one_live_revision`, `article_live_slug_unique`,
`condition_one_live_revision`, `condition_live_slug_unique` and
`study_one_live_revision` (the "one live revision" rules); and for a foreign
key it also drops and re-validates the constraint, a scan of the table under
lock. The statements below drop exactly the indexes named here, under the names
Django gave them in 0001/0002 (the same on PostgreSQL and SQLite); IF EXISTS
keeps a database built some other way safe. Reversing recreates them.
"""

from django.db import migrations, models

# (table, column, index Django created for db_index=True, whether it also made a PostgreSQL `_like` index)
DROPPED = [
    ("evidence_article", "slug", "evidence_article_slug_75767487", True),
    ("evidence_condition", "slug", "evidence_condition_slug_fbcb76cc", True),
    ("evidence_study", "citation_key", "evidence_study_citation_key_4ae47e63", True),
    ("evidence_articlerevision", "slug", "evidence_articlerevision_slug_26a2e796", True),
    ("evidence_conditionrevision", "slug", "evidence_conditionrevision_slug_1e16eb07", True),
    ("evidence_studyrevision", "citation_key", "evidence_studyrevision_citation_key_290ba8af", True),
    ("evidence_articlerevision", "item_id", "evidence_articlerevision_item_id_fc70d242", False),
    ("evidence_conditionrevision", "item_id", "evidence_conditionrevision_item_id_bd312f55", False),
    ("evidence_studyrevision", "item_id", "evidence_studyrevision_item_id_9a88ccad", False),
    ("evidence_citation", "article_id", "evidence_citation_article_id_2c724961", False),
    ("evidence_claimfinding", "revision_id", "evidence_claimfinding_revision_id_8542e003", False),
]


def drop_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for _, _, name, has_like in DROPPED:
        for index in (name, f"{name}_like") if has_like else (name,):
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(index)}")


def restore_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table, column, name, has_like in DROPPED:
        schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)})")
        if has_like and postgresql:
            schema_editor.execute(
                f"CREATE INDEX {quote(name + '_like')} ON {quote(table)} ({quote(column)} varchar_pattern_ops)"
            )


ARTICLE_SLUG = models.SlugField(
    db_index=False,
    help_text="Lower-case words joined by hyphens: the page lives at /articles/this-web-address/. "
    "Changing it later keeps the old address working.",
    max_length=200,
    verbose_name="web address",
)
CONDITION_SLUG = models.SlugField(
    db_index=False,
    help_text="Lower-case words joined by hyphens, used in the page address /conditions/this-web-address/.",
    max_length=120,
    verbose_name="web address",
)
CITATION_KEY = models.SlugField(
    db_index=False,
    help_text="Short name writers cite in the body as [@key], e.g. “burt-2019”.",
    max_length=60,
    verbose_name="citation key",
)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0009_condition_page_studies_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="articlerevision",
            index=models.Index(fields=["slug"], name="article_rev_slug"),
        ),
        migrations.AddIndex(
            model_name="conditionrevision",
            index=models.Index(fields=["slug"], name="condition_rev_slug"),
        ),
        migrations.AddIndex(
            model_name="studyrevision",
            index=models.Index(fields=["citation_key"], name="study_rev_citation_key"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
            # The state records db_index=False; drop_indexes does the database's part.
            state_operations=[
                migrations.AlterField("article", "slug", ARTICLE_SLUG),
                migrations.AlterField("condition", "slug", CONDITION_SLUG),
                migrations.AlterField("study", "citation_key", CITATION_KEY),
                migrations.AlterField("articlerevision", "slug", ARTICLE_SLUG.clone()),
                migrations.AlterField("conditionrevision", "slug", CONDITION_SLUG.clone()),
                migrations.AlterField("studyrevision", "citation_key", CITATION_KEY.clone()),
                migrations.AlterField(
                    "articlerevision",
                    "item",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="revisions",
                        to="evidence.article",
                        verbose_name="article",
                    ),
                ),
                migrations.AlterField(
                    "conditionrevision",
                    "item",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="revisions",
                        to="evidence.condition",
                        verbose_name="condition",
                    ),
                ),
                migrations.AlterField(
                    "studyrevision",
                    "item",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="revisions",
                        to="evidence.study",
                        verbose_name="study",
                    ),
                ),
                migrations.AlterField(
                    "citation",
                    "article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="citations",
                        to="evidence.article",
                    ),
                ),
                migrations.AlterField(
                    "claimfinding",
                    "revision",
                    models.ForeignKey(
                        db_index=False,
                        help_text="The revision that was submitted for review when the check ran.",
                        on_delete=models.deletion.CASCADE,
                        related_name="claim_findings",
                        to="evidence.articlerevision",
                        verbose_name="revision",
                    ),
                ),
            ],
        ),
    ]
