from django.core.management.base import BaseCommand

from evidence.selectors.desk import articles_overdue_for_review
from evidence.services import notifications


class Command(BaseCommand):
    help = "List published articles whose medical review is overdue; --notify e-mails their author and reviewer."

    def add_arguments(self, parser):
        parser.add_argument("--notify", action="store_true", help="E-mail the author and reviewer of each one.")

    def handle(self, *args, notify=False, **options):
        overdue = list(articles_overdue_for_review())
        for article in overdue:
            self.stdout.write(f"{article.next_review_due:%Y-%m-%d}  {article.title}  (author: {article.author.byline})")
        if notify and overdue:
            notifications.send(notifications.overdue_messages(overdue))
        self.stdout.write(f"{len(overdue)} article(s) overdue for medical review.")
