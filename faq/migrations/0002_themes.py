from django.db import migrations

THEMES = [
    ("cout", "Coût", "Cost"),
    ("remboursement", "Remboursement", "Reimbursement"),
    ("effets-indesirables", "Effets indésirables", "Side effects"),
    ("patients-concernes", "Patients concernés", "Who it is for"),
    ("deroulement-seance", "Déroulement d'une séance", "How a session goes"),
    ("efficacite", "Efficacité", "Efficacy"),
    ("choisir-praticien", "Choisir un praticien", "Choosing a practitioner"),
    ("materiel-produits", "Matériel et produits", "Equipment and products"),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("faq", "Theme")
    for position, (slug, name_fr, name_en) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={"position": position, "name": name_fr, "name_fr": name_fr, "name_en": name_en},
        )


class Migration(migrations.Migration):
    dependencies = [("faq", "0001_initial")]

    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
