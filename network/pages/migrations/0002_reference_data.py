"""Load Mali's regions and the human-security themes (see network/pages/reference_data.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from network.pages.reference_data import REGIONS, THEMES

    Region = apps.get_model("pages", "Region")
    Theme = apps.get_model("pages", "Theme")
    for order, (slug, kind, established, names) in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "established": established,
                "order": order,
                "name": names["fr"],
                **{f"name_{code}": name for code, name in names.items()},
            },
        )
    for order, (slug, family, names) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug,
            defaults={
                "family": family,
                "order": order,
                "name": names["fr"],
                **{f"name_{code}": name for code, name in names.items()},
            },
        )


def unload(apps, schema_editor):
    from network.pages.reference_data import REGIONS, THEMES

    apps.get_model("pages", "Region").objects.filter(slug__in=[r[0] for r in REGIONS]).delete()
    apps.get_model("pages", "Theme").objects.filter(slug__in=[t[0] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
