from django.db import migrations

CATEGORIES = [
    {
        "slug": "indications",
        "position": 1,
        "name_fr": "Indications",
        "name_en": "Uses",
        "description_fr": "À quoi sert la mésothérapie, et ce que l'on sait de son efficacité pour chaque usage.",
        "description_en": "What mesotherapy is used for, and what is known of its efficacy for each use.",
    },
    {
        "slug": "technique",
        "position": 2,
        "name_fr": "Technique",
        "name_en": "Technique",
        "description_fr": "Ce qu'est la mésothérapie, comment se passe une séance, les produits et le matériel.",
        "description_en": "What mesotherapy is, how a session goes, the products and the equipment.",
    },
    {
        "slug": "histoire",
        "position": 3,
        "name_fr": "Histoire",
        "name_en": "History",
        "description_fr": "D'où vient la mésothérapie et comment sa pratique est encadrée en France.",
        "description_en": "Where mesotherapy comes from and how its practice is regulated in France.",
    },
    {
        "slug": "avant-de-decider",
        "position": 4,
        "name_fr": "Avant de décider",
        "name_en": "Before you decide",
        "description_fr": "Ce que disent les études, les risques, le prix et le remboursement.",
        "description_en": "What the studies say, the risks, the cost and reimbursement.",
    },
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("articles", "Category")
    for data in CATEGORIES:
        values = {key: value for key, value in data.items() if key != "slug"}
        values["name"] = data["name_fr"]
        values["description"] = data["description_fr"]
        Category.objects.get_or_create(slug=data["slug"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
