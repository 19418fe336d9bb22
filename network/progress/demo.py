"""The four key objectives of the project (``shared/brief/project-brief.txt``).

English is the brief's text; French and Bambara are our translations (the
Bambara is listed for review in ``locale/bm/REVIEW.md``).
"""

from network.pages.demo import translated_fields
from network.progress.models import Objective

OBJECTIVES = {
    1: {
        "en": "To support a strong, vibrant Malian civil society network that mobilizes a "
        "critical mass around the issues of human security and peacebuilding.",
        "fr": "Soutenir un réseau de la société civile malienne fort et dynamique, qui "
        "mobilise une masse critique autour des questions de sécurité humaine et de "
        "consolidation de la paix.",
        "bm": "Ka Mali sosiyete sivili jɛɲɔgɔnya barikama dɛmɛ, min bɛ mɔgɔ caman lajɛ "
        "hadamaden lakana ni hɛrɛ sabatili kow kan.",
    },
    2: {
        "en": "To enable network members to formulate and upscale a human security strategy "
        "for Mali that is gender-sensitive, feasible, and pays attention to the structural "
        "causes of the conflict.",
        "fr": "Permettre aux membres du réseau de formuler et de porter à plus grande échelle "
        "une stratégie de sécurité humaine pour le Mali, sensible au genre, réalisable et "
        "attentive aux causes structurelles du conflit.",
        "bm": "Ka se di jɛɲɔgɔnya mɔgɔw ma u ka hadamaden lakana fɛɛrɛ dɔ labɛn Mali kama ka "
        "a jɛnsɛn, min bɛ cɛ ni muso danbɛ jateminɛ, min bɛ se ka kɛ, ani min bɛ kɛlɛ "
        "sababu juw jateminɛ.",
    },
    3: {
        "en": "To strengthen good practices on countering violent extremism through human "
        "security approaches.",
        "fr": "Renforcer les bonnes pratiques de lutte contre l'extrémisme violent par des "
        "approches de sécurité humaine.",
        "bm": "Ka fariya juguw kɛlɛli cogo ɲumanw barika bonya hadamaden lakana fɛɛrɛw fɛ.",
    },
    4: {
        "en": "To ensure the international community, including regional bodies, engages "
        "with civil society for the development of security policies.",
        "fr": "Faire en sorte que la communauté internationale, y compris les organisations "
        "régionales, s'engage avec la société civile dans l'élaboration des politiques de "
        "sécurité.",
        "bm": "Ka a lajɛ ko diɲɛ jamanaw, ani mara jɛkuluw, bɛ baara kɛ ni sosiyete sivili "
        "ye lakana politikiw labɛnni na.",
    },
}


def seed(*, log) -> None:
    """Create or refresh the four objectives (idempotent, keyed by number)."""
    for number, titles in OBJECTIVES.items():
        Objective.objects.update_or_create(
            number=number,
            defaults=translated_fields("title", titles),
        )
    log(f"objectives: {len(OBJECTIVES)}")
