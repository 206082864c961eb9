from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("posts", "moderate_post"),
    ("posts", "view_post"),
    ("posts", "view_photo"),
    ("posts", "view_comment"),
    ("posts", "view_report"),
    ("accounts", "view_user"),
    ("account", "view_emailaddress"),
    ("admin", "view_logentry"),
]


def create_moderators_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Moderators")
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in MODERATOR_PERMISSIONS
    ]
    group.permissions.set(wanted)


def remove_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(create_moderators_group, remove_moderators_group)]
