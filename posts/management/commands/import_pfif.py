from django.core.management.base import BaseCommand, CommandError

from posts.interchange.importer import PfifError, import_document, parse_document


class Command(BaseCommand):
    help = (
        "Import a PFIF 1.2, 1.3 or 1.4 file: persons become requests waiting for review, "
        "notes become comments. Records already imported are skipped, so it is safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the PFIF XML file.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            document = parse_document(path)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        except PfifError as error:
            raise CommandError(f"{path}: {error}") from error
        result = import_document(document)

        self.stdout.write(f"PFIF {document.version}: {len(document.persons)} persons, {len(document.notes)} notes.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(result.persons)} requests (waiting for review) and {len(result.notes)} comments."
            )
        )
        for record_id in result.persons:
            self.stdout.write(f"  + person {record_id}")
        for record_id in result.notes:
            self.stdout.write(f"  + note {record_id}")
        if result.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped {len(result.skipped)} records:"))
            for record_id, reason in result.skipped:
                self.stdout.write(f"  - {record_id}: {reason}")
