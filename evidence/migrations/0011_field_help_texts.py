"""Label and explain the remaining fields writers and reviewers see in the admin (help_text, verbose_name).

No database change: labels and help texts live only in Python, so every operation here is a no-op in SQL.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0010_drop_duplicate_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="studies",
            field=models.ManyToManyField(
                help_text="The studies the article cites; add them in “cited studies” below the article.",
                related_name="articles",
                through="evidence.Citation",
                to="evidence.study",
                verbose_name="cited studies",
            ),
        ),
        migrations.AlterField(
            model_name="articlereference",
            name="article",
            field=models.ForeignKey(
                help_text="The article whose footnotes list this page.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="references",
                to="evidence.article",
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="articlereference",
            name="url",
            field=models.URLField(
                help_text="The page's full address, starting https://.", max_length=500, verbose_name="web address"
            ),
        ),
        migrations.AlterField(
            model_name="articlerevision",
            name="conditions",
            field=models.ManyToManyField(
                blank=True,
                help_text="What the article was about when this revision was saved.",
                related_name="article_revisions",
                to="evidence.condition",
                verbose_name="conditions",
            ),
        ),
        migrations.AlterField(
            model_name="articlerevision",
            name="item",
            field=models.ForeignKey(
                db_index=False,
                help_text="The article this revision is a saved copy of.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="revisions",
                to="evidence.article",
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="articlerevision",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="The words the public search looks in, kept up to date by the database.",
                null=True,
                verbose_name="search document",
            ),
        ),
        migrations.AlterField(
            model_name="articlerevision",
            name="studies",
            field=models.ManyToManyField(
                help_text="The studies this revision cites, in reference-list order.",
                related_name="article_revisions",
                through="evidence.RevisionCitation",
                to="evidence.study",
                verbose_name="cited studies",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                help_text="The article that cites the study.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="evidence.article",
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="study",
            field=models.ForeignKey(
                help_text="A study from the library, cited in the body as [@its-citation-key]. Cite each study once.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="citations",
                to="evidence.study",
                verbose_name="study",
            ),
        ),
        migrations.AlterField(
            model_name="claimfinding",
            name="acknowledged_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the reviewer accepted the wording; empty until then.",
                null=True,
                verbose_name="acknowledged",
            ),
        ),
        migrations.AlterField(
            model_name="claimfinding",
            name="article",
            field=models.ForeignKey(
                help_text="The article whose wording the rule matched.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="claim_findings",
                to="evidence.article",
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="claimfinding",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True,
                help_text="When the check found it, as the article was submitted for review.",
                verbose_name="found",
            ),
        ),
        migrations.AlterField(
            model_name="claimfinding",
            name="rule",
            field=models.ForeignKey(
                help_text="The claim rule whose words were found.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="findings",
                to="evidence.claimrule",
                verbose_name="rule that fired",
            ),
        ),
        migrations.AlterField(
            model_name="claimrule",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, help_text="When the rule was last changed.", verbose_name="updated"
            ),
        ),
        migrations.AlterField(
            model_name="conditionrevision",
            name="item",
            field=models.ForeignKey(
                db_index=False,
                help_text="The condition this revision is a saved copy of.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="revisions",
                to="evidence.condition",
                verbose_name="condition",
            ),
        ),
        migrations.AlterField(
            model_name="revisioncitation",
            name="revision",
            field=models.ForeignKey(
                help_text="The saved copy of the article that cites the study.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="citations",
                to="evidence.articlerevision",
                verbose_name="article revision",
            ),
        ),
        migrations.AlterField(
            model_name="revisioncitation",
            name="study",
            field=models.ForeignKey(
                help_text="The study cited; the public sees its published details.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revision_citations",
                to="evidence.study",
                verbose_name="study",
            ),
        ),
        migrations.AlterField(
            model_name="revisionreference",
            name="revision",
            field=models.ForeignKey(
                help_text="The saved copy of the article whose footnotes list this page.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="references",
                to="evidence.articlerevision",
                verbose_name="article revision",
            ),
        ),
        migrations.AlterField(
            model_name="revisionreference",
            name="url",
            field=models.URLField(
                help_text="The page's full address, starting https://.", max_length=500, verbose_name="web address"
            ),
        ),
        migrations.AlterField(
            model_name="study",
            name="issue",
            field=models.CharField(
                blank=True, help_text="The issue within that volume, e.g. 2.", max_length=30, verbose_name="issue"
            ),
        ),
        migrations.AlterField(
            model_name="study",
            name="volume",
            field=models.CharField(
                blank=True, help_text="The journal's volume number, e.g. 321.", max_length=30, verbose_name="volume"
            ),
        ),
        migrations.AlterField(
            model_name="studyrevision",
            name="conditions",
            field=models.ManyToManyField(
                blank=True,
                help_text="Conditions the study was about when this revision was saved.",
                related_name="study_revisions",
                to="evidence.condition",
                verbose_name="conditions",
            ),
        ),
        migrations.AlterField(
            model_name="studyrevision",
            name="issue",
            field=models.CharField(
                blank=True, help_text="The issue within that volume, e.g. 2.", max_length=30, verbose_name="issue"
            ),
        ),
        migrations.AlterField(
            model_name="studyrevision",
            name="item",
            field=models.ForeignKey(
                db_index=False,
                help_text="The study this revision is a saved copy of.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="revisions",
                to="evidence.study",
                verbose_name="study",
            ),
        ),
        migrations.AlterField(
            model_name="studyrevision",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="The words the public search looks in, kept up to date by the database.",
                null=True,
                verbose_name="search document",
            ),
        ),
        migrations.AlterField(
            model_name="studyrevision",
            name="volume",
            field=models.CharField(
                blank=True, help_text="The journal's volume number, e.g. 321.", max_length=30, verbose_name="volume"
            ),
        ),
    ]
