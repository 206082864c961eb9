"""One open report per reporter and thing reported, held by the database.

Before the constraint, the open reports one member filed on one thing at the same moment are merged: the oldest
stays, with the words of the newest (a removal request, "this is me", wins over any other reason, since it may
have withheld the request's photos), and the others go. Closed reports are history and stay as they are.
Review items keep their score until their next report or decision weighs them again.
"""

from django.db import migrations, models

OPEN = "open"
THIS_IS_ME = "this_is_me"
TARGETS = ("post", "comment", "message")


def merge_duplicate_open_reports(apps, schema_editor):
    Report = apps.get_model("posts", "Report")
    for target in TARGETS:
        duplicated = (
            Report.objects.filter(status=OPEN, reporter__isnull=False, **{f"{target}__isnull": False})
            .values("reporter", target)
            .annotate(n=models.Count("pk"))
            .filter(n__gt=1)
        )
        for group in duplicated:
            same = list(
                Report.objects.filter(status=OPEN, reporter=group["reporter"], **{target: group[target]}).order_by(
                    "created_at", "pk"
                )
            )
            kept, newest = same[0], same[-1]
            removal = next((report for report in reversed(same) if report.reason == THIS_IS_ME), None)
            words = removal or newest
            kept.reason, kept.details = words.reason, words.details
            kept.save(update_fields=["reason", "details"])
            Report.objects.filter(pk__in=[report.pk for report in same[1:]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0019_images_photo_processing"),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_open_reports, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("reporter", "post"),
                name="one_open_report_per_reporter_and_post",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("reporter", "comment"),
                name="one_open_report_per_reporter_and_comment",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("reporter", "message"),
                name="one_open_report_per_reporter_and_message",
            ),
        ),
    ]
