"""What patients type into the search box, for the load tests (`make bench`, `make bench-search`): single words,
phrases, questions, misspellings, in French and in English; and the flood of random words a client may send
to slow the site down."""

import random
import string
from urllib.parse import quote

from django.urls import reverse
from django.utils import translation

_ONE_WORD = (
    "prix tarif coût remboursement mutuelle sécu douleur bleus hématome ecchymose infection allergie aiguilles "
    "pistolet seringue lidocaïne procaïne arthrose tendinite entorse sciatique lombalgie cervicalgie cellulite "
    "rides cheveux alopécie cicatrices acné zona acouphènes grossesse enceinte allaitement anticoagulants "
    "diabète inserm HAS CCAM mésothérapie méso séance consultation devis facture praticien médecin kiné sport "
    "nécrose"
)
ONE_WORD = _ONE_WORD.split()

PHRASES = [
    "prix d'une séance", "remboursement sécu", "mésothérapie genou", "mal de dos", "jambes lourdes",
    "chute de cheveux", "effets secondaires", "effets indésirables", "contre-indications", "hors AMM",
    "mésothérapie visage", "mésothérapie cellulite", "mésothérapie arthrose genou", "tendinite épaule",
    "tendinite calcifiante", "entorse cheville", "douleur cou", "sciatique traitement", "mésothérapie esthétique",
    "acide hyaluronique", "injection vitamines", "produits injectés", "profondeur injection", "nombre de séances",
    "durée d'une séance", "après la séance", "avant la séance", "sport après séance", "conduire après séance",
    "boule après injection", "rougeur après séance", "infection mycobactérie", "signaler un problème",
    "vérifier un médecin", "DIU mésothérapie", "société française de mésothérapie", "michel pistor",
    "histoire mésothérapie", "décret 2011", "conseil d'état", "rapport inserm 2010", "études scientifiques",
    "efficacité prouvée", "mésothérapie et grossesse", "mésothérapie anticoagulant", "mésothérapie enfant",
    "personne âgée", "mésothérapie maigrir", "perdre du poids", "graisse injection interdite", "note d'honoraires",
]  # fmt: skip

QUESTIONS = [
    "combien coûte une séance de mésothérapie", "est-ce que la mésothérapie fait mal",
    "est-ce que ça marche vraiment", "qui peut faire de la mésothérapie", "combien de séances faut-il",
    "combien de temps dure une séance", "est-ce remboursé par la sécurité sociale",
    "ma mutuelle rembourse-t-elle la mésothérapie", "pourquoi le prix change", "peut-on faire du sport après",
    "que faire après une séance", "quand voit-on les effets", "combien de temps durent les effets",
    "est-ce dangereux", "quels sont les risques", "quels produits sont injectés",
    "c'est quoi le pistolet de mésothérapie", "qu'est-ce que la mésothérapie", "à quoi sert la mésothérapie",
    "comment se passe une séance", "comment se préparer", "peut-on conduire après",
    "que faire si j'ai une boule", "que veut dire hors AMM", "où faire de la mésothérapie",
    "comment choisir un praticien", "comment savoir si le médecin est qualifié",
    "est-ce normal d'avoir des bleus", "combien de temps durent les bleus", "peut-on être allergique",
    "mésothérapie pendant la grossesse ?", "puis-je en faire si je prends des anticoagulants",
    "qui ne doit pas en faire", "quelle différence avec une infiltration",
    "est-ce la même chose que la microponction", "quelle facture demander",
    "la consultation est-elle remboursée", "que dit l'inserm", "pourquoi les avis sont différents",
    "je suis diabétique, puis-je faire de la mésothérapie",
]  # fmt: skip

_MISSPELT_WORDS = (
    "mesoterapie mézothérapie mesotherapi rembourssement remboursment efets cellulte celulite acouphene "
    "acoufène tendinitte tendinnite artrose hematome equimose ecchymoze aiguile anticoagulans grosesse encinte "
    "infektion alergie cicatrisse cheuveux douleure mutuel tariff prixs consultasion praticient kinesitérapie "
    "sciatik lombalgi zonna"
)
MISSPELT = [
    *_MISSPELT_WORDS.split(),
    "remboursé secu", "efets secondaires", "efet indésirable", "arthrose genoux", "seance douloureuse",
    "mutuelle rembourcement", "medecin esthetique",
]  # fmt: skip

ENGLISH = [
    "price", "cost of a session", "how much does it cost", "is it reimbursed", "reimbursement", "reimbursment",
    "health insurance", "top-up insurance", "side effects", "side efects", "does it hurt", "is it painful",
    "bruises", "bruising after mesotherapy", "infection risk", "allergic reaction", "needles", "mesotherapy gun",
    "products injected", "what is mesotherapy", "mesoterapy", "what is it used for", "knee osteoarthritis",
    "osteoarthritis", "back pain", "neck pain", "sciatica", "tendinitis", "sprained ankle", "sports injury",
    "heavy legs", "hair loss", "cellulite", "wrinkles", "scars", "tinnitus", "shingles", "pregnant",
    "breastfeeding", "anticoagulants", "diabetes", "how many sessions", "how long does a session last",
    "sport after a session", "who is allowed to do mesotherapy", "does mesotherapy really work", "inserm report",
    "weight loss", "off-label", "how to check a doctor",
]  # fmt: skip

FRENCH = [*ONE_WORD, *PHRASES, *QUESTIONS, *MISSPELT]
MIX = [("fr", query) for query in FRENCH] + [("en", query) for query in ENGLISH]


def address(language, query):
    """The address of the search page for a query."""
    with translation.override(language):  # each language's own address (/recherche/, /en/search/)
        return f"{reverse('search')}?q={quote(query)}"


def mix_addresses(seed=7):
    """The search addresses of every query of the mix, in a shuffled order that stays the same from run to run."""
    queries = list(MIX)
    random.Random(seed).shuffle(queries)  # noqa: S311 (an order for a benchmark, not a secret)
    return [address(language, query) for language, query in queries]


def flood_addresses(count, words=40, seed=11):
    """`count` different queries of `words` random four-letter words (199 characters, within the limit)."""
    chooser = random.Random(seed)  # noqa: S311
    return [
        address("fr", " ".join("".join(chooser.choices(string.ascii_lowercase, k=4)) for _ in range(words)))
        for _ in range(count)
    ]
