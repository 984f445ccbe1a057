"""What patients type, and the page that must come first, or in the first three results, on the real content.

Pages are named by their type and French slug ("faq/…", "articles/…", "conditions/…", "glossary/…"), so that
the table holds whatever the pages' addresses are in each language. `make search-quality` prints the score;
`make test` requires every row.
"""

from django.utils import translation

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.models import GlossaryTerm
from mesoinfo.pages.models import Condition

FIRST, TOP3 = 1, 3

FRENCH = [
    # (query, expected page, it must be within the first …)
    ("prix", "articles/prix-et-remboursement", TOP3),
    ("PRIX", "articles/prix-et-remboursement", TOP3),
    ("tarif", "articles/prix-et-remboursement", TOP3),
    ("combien ça coûte", "faq/combien-coute-une-seance-de-mesotherapie", FIRST),
    ("combien coute une seance", "faq/combien-coute-une-seance-de-mesotherapie", FIRST),
    ("pourquoi le prix varie", "faq/pourquoi-le-prix-de-la-mesotherapie-varie", FIRST),
    ("devis", "faq/demander-le-prix-avant-la-seance-devis", TOP3),
    ("remboursement", "faq/mesotherapie-remboursee-securite-sociale", TOP3),
    ("remboursement", "articles/prix-et-remboursement", TOP3),
    ("rembourssement", "articles/prix-et-remboursement", TOP3),
    ("remboursé sécu", "faq/mesotherapie-remboursee-securite-sociale", FIRST),
    ("est-ce remboursé par la sécurité sociale", "faq/mesotherapie-remboursee-securite-sociale", FIRST),
    ("remboursement mutuelle", "faq/mutuelle-rembourse-mesotherapie", FIRST),
    ("ma mutuelle rembourse-t-elle", "faq/mutuelle-rembourse-mesotherapie", FIRST),
    ("facture pour la mutuelle", "faq/note-honoraires-detaillee-mesotherapie", FIRST),
    ("ANLB003", "faq/code-ccam-anlb003-base-zero-euro", FIRST),
    ("qu'est-ce que la mésothérapie", "articles/qu-est-ce-que-la-mesotherapie", FIRST),
    ("mesoterapie", "articles/qu-est-ce-que-la-mesotherapie", TOP3),
    ("mesotherapie genou", "articles/douleurs-et-rhumatologie", TOP3),
    ("mal de dos", "articles/douleurs-et-rhumatologie", TOP3),
    ("arthrose", "conditions/arthrose", TOP3),
    ("entorse cheville", "conditions/entorse", FIRST),
    ("entorse", "articles/medecine-du-sport", TOP3),
    ("tendinite épaule", "articles/medecine-du-sport", TOP3),
    ("jambes lourdes", "articles/circulation-jambes-lourdes", TOP3),
    ("chute de cheveux", "articles/peau-et-cheveux", TOP3),
    ("cellulite", "conditions/cellulite", FIRST),
    ("cellulite", "articles/peau-et-cheveux", TOP3),
    ("cellulte", "articles/peau-et-cheveux", TOP3),
    ("acouphene", "articles/autres-usages", TOP3),
    ("zona", "conditions/zona", TOP3),
    ("michel pistor", "articles/michel-pistor-et-les-origines", FIRST),
    ("effets secondaires", "faq/effets-secondaires-frequents-mesotherapie", FIRST),
    ("efets secondaires", "articles/risques-effets-indesirables-contre-indications", TOP3),
    ("bleus", "faq/bleus-ecchymoses-apres-mesotherapie", TOP3),
    ("est-ce que ça fait mal", "faq/seance-mesotherapie-douloureuse", FIRST),
    ("est-ce que ça marche", "faq/mesotherapie-efficace-prouvee", FIRST),
    ("infection", "faq/risque-infection-apres-mesotherapie", TOP3),
    ("une boule sous la peau", "faq/boule-apparue-des-semaines-apres-mesotherapie", TOP3),
    ("allergie", "faq/reaction-allergique-mesotherapie", TOP3),
    ("hors amm", "faq/hors-amm-definition", TOP3),
    ("aiguilles", "faq/aiguilles-utilisees-mesotherapie", TOP3),
    ("pistolet", "faq/pistolet-injecteur-electronique-mesotherapie", TOP3),
    ("anticoagulants", "faq/mesotherapie-et-anticoagulants", TOP3),
    ("enceinte", "faq/mesotherapie-grossesse-et-allaitement", TOP3),
    ("diabète", "faq/mesotherapie-diabete-immunite-infection-peau", TOP3),
    ("mésothérapie enfant", "faq/mesotherapie-enfants-et-personnes-agees", TOP3),
    ("combien de temps dure une séance", "faq/duree-seance-mesotherapie", FIRST),
    ("combien de séances", "faq/nombre-seances-mesotherapie", FIRST),
    ("que faire après une séance", "faq/precautions-apres-seance-mesotherapie", TOP3),
    ("quand reprendre le sport", "faq/sport-apres-seance-mesotherapie", TOP3),
    ("peut-on conduire après la séance", "faq/conduire-travailler-apres-mesotherapie", FIRST),
    ("qui a le droit de faire des injections", "faq/qui-peut-pratiquer-mesotherapie", TOP3),
    ("comment vérifier qu'un praticien est médecin", "faq/verifier-qu-un-praticien-est-medecin", FIRST),
    ("signaler un effet indésirable", "faq/signaler-effet-indesirable-ou-pratique-illegale", FIRST),
    ("inserm", "faq/conclusions-inserm-mesotherapie", TOP3),
    ("microponction", "faq/mesotherapie-ou-microponction-difference", TOP3),
    ("infiltration genou", "faq/difference-mesotherapie-infiltration-autres-injections", TOP3),
    ("derme", "glossary/derme", TOP3),
]

ENGLISH = [
    ("price", "articles/prix-et-remboursement", TOP3),
    ("how much does a session cost", "faq/combien-coute-une-seance-de-mesotherapie", FIRST),
    ("is it reimbursed", "faq/mesotherapie-remboursee-securite-sociale", TOP3),
    ("reimbursment", "articles/prix-et-remboursement", TOP3),
    ("what is mesotherapy", "articles/qu-est-ce-que-la-mesotherapie", FIRST),
    ("mesoterapy", "articles/qu-est-ce-que-la-mesotherapie", TOP3),
    ("knee osteoarthritis", "conditions/arthrose", TOP3),
    ("back pain", "articles/douleurs-et-rhumatologie", TOP3),
    ("heavy legs", "articles/circulation-jambes-lourdes", TOP3),
    ("hair loss", "articles/peau-et-cheveux", TOP3),
    ("cellulite", "articles/peau-et-cheveux", TOP3),
    ("tinnitus", "articles/autres-usages", TOP3),
    ("side effects", "faq/effets-secondaires-frequents-mesotherapie", TOP3),
    ("does it hurt", "faq/seance-mesotherapie-douloureuse", FIRST),
    ("does mesotherapy really work", "faq/mesotherapie-efficace-prouvee", FIRST),
    ("bruises", "faq/bleus-ecchymoses-apres-mesotherapie", TOP3),
    ("infection risk", "faq/risque-infection-apres-mesotherapie", TOP3),
    ("allergic reaction", "faq/reaction-allergique-mesotherapie", TOP3),
    ("pregnant", "faq/mesotherapie-grossesse-et-allaitement", TOP3),
    ("anticoagulants", "faq/mesotherapie-et-anticoagulants", TOP3),
    ("needles", "faq/aiguilles-utilisees-mesotherapie", TOP3),
    ("how many sessions", "faq/nombre-seances-mesotherapie", FIRST),
    ("sport after a session", "faq/sport-apres-seance-mesotherapie", FIRST),
    ("who is allowed to do mesotherapy", "faq/qui-peut-pratiquer-mesotherapie", TOP3),
]

TABLE = [("fr", *row) for row in FRENCH] + [("en", *row) for row in ENGLISH]

MODELS = {"articles": Article, "faq": Question, "conditions": Condition, "glossary": GlossaryTerm}


def address(page, language):
    """The address of a page named "type/French slug", in a language."""
    kind, _, slug = page.partition("/")
    model = MODELS[kind]
    obj = model.objects.get(slug=slug)
    with translation.override(language):
        return obj.get_absolute_url()
