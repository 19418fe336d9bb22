"""The network's real starting content, from ``shared/brief/project-brief.txt``.

English is the brief's own text; French and Bambara are our translations
(the Bambara is listed for review in ``locale/bm/REVIEW.md``). Loaded by
``manage.py seed_demo``; idempotent.
"""

import datetime

from network.pages.enums import NewsStatus, PartnerRole
from network.pages.models import NewsPost, Partner, Project

PROJECT = {
    "start_date": datetime.date(2013, 11, 1),
    "end_date": datetime.date(2016, 10, 31),
    "title": {
        "en": "Civil Society for a Human Security Strategy in Mali",
        "fr": "La société civile pour une stratégie de sécurité humaine au Mali",
        "bm": "Sosiyete sivili ka hadamaden lakana fɛɛrɛ Mali kama",
    },
    "goal": {
        "en": "To contribute to human security and sustainable peacebuilding efforts in Mali.",
        "fr": "Contribuer à la sécurité humaine et aux efforts de consolidation durable "
        "de la paix au Mali.",
        "bm": "Ka dɛmɛ don hadamaden lakana ni hɛrɛ sabatili baaraw la Mali kɔnɔ.",
    },
    "summary": {
        "en": "A network of Malian civil society organisations working for human security "
        "and peacebuilding. It grew out of a project started on 1 November 2013 by WANEP, "
        "GPPAC and HSC, funded by the Austrian Development Agency (ADA), to help Malian civil "
        "society build comprehensive human security approaches through multi-level dialogue.",
        "fr": "Un réseau d'organisations de la société civile malienne engagées pour la "
        "sécurité humaine et la consolidation de la paix. Il est né d'un projet lancé le "
        "1er novembre 2013 par le WANEP, le GPPAC et HSC, financé par l'Agence autrichienne "
        "de développement (ADA), pour aider la société civile malienne à bâtir des approches "
        "globales de sécurité humaine par un dialogue à plusieurs niveaux.",
        "bm": "Mali sosiyete sivili jɛkuluw ka jɛɲɔgɔnya don, minnu bɛ baara kɛ hadamaden "
        "lakana ni hɛrɛ sabatili kama. A bɔra porozɛ dɔ la, WANEP ni GPPAC ani HSC ye min "
        "daminɛ nowanburu tile 1 san 2013, Otirisi yiriwali ɲɛmɔgɔso (ADA) ye min wari di, "
        "walasa ka Mali sosiyete sivili dɛmɛ ka hadamaden lakana fɛɛrɛw sigi baro fɛ "
        "hakɛ caman na.",
    },
    "background": {
        "en": "Three international civil society organisations, the West Africa Network for "
        "Peacebuilding (WANEP), the Global Partnership for the Prevention of Armed Conflict "
        "(GPPAC) and the Human Security Collective (HSC), jointly started a project on "
        "1 November 2013 aimed at enhancing human security in Mali. The project, titled "
        '"Civil Society for a Human Security Strategy in Mali" and funded by the Austrian '
        "Development Agency (ADA), seeks to facilitate the development of comprehensive human "
        "security approaches by Malian civil society, to deal with the complex peace and "
        "security issues in the country.\n"
        "The military intervention led by France to dislodge the extremists in Northern Mali "
        "and the deployment of the United Nations Stabilization Mission in Mali (MINUSMA) are "
        "important, but much attention has been focused on the militarisation of the peace "
        "process. This risks diminishing the focus on the long-term processes needed to deal "
        "with the underlying and root causes of the crisis. The absence of social cohesion "
        "impedes a collective approach to overcome the multiple conflicts in Mali.\n"
        "This is why the military intervention has to be complemented by a plan for inclusive "
        "dialogue towards a political transition and the stabilisation of the South and the "
        "North of Mali. The project is based on civil society's important role in supporting "
        "mediation efforts, fostering resilient societies and countering violent extremism "
        "through a human security approach.\n"
        "Meaningful intervention to resolve the crisis in Mali is only possible if a platform "
        "for multi-level dialogue addressing the underlying root causes of the conflict is "
        "developed, sustained by communities in Mali and supported by other stakeholders. "
        "The project is implemented from November 2013 until October 2016.",
        "fr": "Trois organisations internationales de la société civile, le Réseau "
        "ouest-africain pour l'édification de la paix (WANEP), le Partenariat mondial pour la "
        "prévention des conflits armés (GPPAC) et Human Security Collective (HSC), ont lancé "
        "ensemble le 1er novembre 2013 un projet visant à renforcer la sécurité humaine au "
        "Mali. Intitulé « La société civile pour une stratégie de sécurité humaine au Mali » "
        "et financé par l'Agence autrichienne de développement (ADA), il veut faciliter "
        "l'élaboration, par la société civile malienne, d'approches globales de sécurité "
        "humaine face aux questions complexes de paix et de sécurité que connaît le pays.\n"
        "L'intervention militaire menée par la France pour déloger les extrémistes du Nord du "
        "Mali et le déploiement de la Mission multidimensionnelle intégrée des Nations unies "
        "pour la stabilisation au Mali (MINUSMA) sont importants, mais l'attention s'est "
        "beaucoup portée sur la militarisation du processus de paix. Cela risque de détourner "
        "des processus de long terme nécessaires pour traiter les causes profondes de la "
        "crise. L'absence de cohésion sociale empêche une approche collective pour surmonter "
        "les multiples conflits du Mali.\n"
        "C'est pourquoi l'intervention militaire doit être complétée par un plan de dialogue "
        "inclusif vers une transition politique et la stabilisation du Sud et du Nord du Mali. "
        "Le projet repose sur le rôle important de la société civile pour soutenir les efforts "
        "de médiation, favoriser des sociétés résilientes et lutter contre l'extrémisme "
        "violent par une approche de sécurité humaine.\n"
        "Une intervention utile pour résoudre la crise au Mali n'est possible que si une "
        "plateforme de dialogue à plusieurs niveaux, traitant les causes profondes du conflit, "
        "est développée, portée par les communautés du Mali et soutenue par les autres "
        "acteurs. Le projet est mis en œuvre de novembre 2013 à octobre 2016.",
        "bm": "Diɲɛ sosiyete sivili jɛkulu saba, WANEP, GPPAC ani HSC, ye porozɛ dɔ daminɛ "
        "ɲɔgɔn fɛ nowanburu tile 1 san 2013, walasa ka hadamaden lakana barika bonya Mali "
        "kɔnɔ. Porozɛ tɔgɔ ye ko « Sosiyete sivili ka hadamaden lakana fɛɛrɛ Mali kama ». "
        "Otirisi yiriwali ɲɛmɔgɔso (ADA) de ye a wari di. A b'a fɛ ka Mali sosiyete sivili "
        "dɛmɛ ka hadamaden lakana fɛɛrɛ dafalenw sigi, ka jamana hɛrɛ ni lakana gɛlɛyaw "
        "ɲɛnabɔ.\n"
        "Faransi ka sɔrɔdasi donni Mali saheli fan fɛ ani Diɲɛ jamanaw ka MINUSMA nali ka "
        "nafa ka bon, nka mɔgɔw ye u hakili sigi kojugu marifa kan hɛrɛ sabatili la. O bɛ se "
        "ka baara janw ɲinɛ, minnu ka kan ka gɛlɛyaw sababu juw ɲɛnabɔ. Jɛɲɔgɔnya dɛsɛ bɛ "
        "mɔgɔw bali ka kɛlɛ caman ɲɛnabɔ ɲɔgɔn fɛ Mali kɔnɔ.\n"
        "O de kosɔn, sɔrɔdasi baara ka kan ka dafa ni baro ye, min bɛ mɔgɔ bɛɛ sen don, ka "
        "taga politiki yɛlɛma ni Mali saheli ni worodugu sabatili la. Porozɛ sinsinnen bɛ "
        "sosiyete sivili ka baara kan: bɛnkan dɛmɛ, sigida barikamaw sabatili ani fariya "
        "juguw kɛlɛli hadamaden lakana fɛɛrɛ fɛ.\n"
        "Mali gɛlɛya ɲɛnabɔli tɛ se ka kɛ ni baro sira sigilen tɛ hakɛ caman na, min bɛ kɛlɛ "
        "sababu juw ɲɛnabɔ, Mali sigidaw bɛ min sabati, ani baarakɛɲɔgɔn tɔw bɛ min dɛmɛ. "
        "Porozɛ bɛ kɛ kabini nowanburu 2013 fo ɔkutɔburu 2016.",
    },
}

# (acronym, role, website, order, name by language, description by language)
PARTNERS = [
    (
        "WANEP",
        PartnerRole.IMPLEMENTING,
        "https://wanep.org",
        1,
        {
            "en": "West Africa Network for Peacebuilding",
            "fr": "Réseau ouest-africain pour l'édification de la paix",
            "bm": "Farafina tilebin fan fɛ hɛrɛ sabatili jɛkulu",
        },
        {
            "en": "A regional network of civil society organisations for peacebuilding "
            "in West Africa.",
            "fr": "Réseau régional d'organisations de la société civile pour la consolidation "
            "de la paix en Afrique de l'Ouest.",
            "bm": "Sosiyete sivili jɛkuluw ka jɛɲɔgɔnya Farafina tilebin fan fɛ, hɛrɛ "
            "sabatili kama.",
        },
    ),
    (
        "GPPAC",
        PartnerRole.IMPLEMENTING,
        "https://gppac.net",
        2,
        {
            "en": "Global Partnership for the Prevention of Armed Conflict",
            "fr": "Partenariat mondial pour la prévention des conflits armés",
            "bm": "Diɲɛ jɛɲɔgɔnya marifa kɛlɛw kunbɛnni kama",
        },
        {
            "en": "A global network of civil society organisations working to prevent "
            "violent conflict.",
            "fr": "Réseau mondial d'organisations de la société civile qui œuvrent à prévenir "
            "les conflits violents.",
            "bm": "Sosiyete sivili jɛkuluw ka diɲɛ jɛɲɔgɔnya, minnu bɛ baara kɛ ka fariya "
            "kɛlɛw kunbɛn.",
        },
    ),
    (
        "HSC",
        PartnerRole.IMPLEMENTING,
        "https://www.hscollective.org",
        3,
        {
            "en": "Human Security Collective",
            "fr": "Human Security Collective",
            "bm": "Human Security Collective",
        },
        {
            "en": "A foundation that works with civil society on human security and on "
            "countering violent extremism.",
            "fr": "Fondation qui travaille avec la société civile sur la sécurité humaine et "
            "la lutte contre l'extrémisme violent.",
            "bm": "Jɛkulu min bɛ baara kɛ ni sosiyete sivili ye hadamaden lakana ni fariya "
            "juguw kɛlɛli kan.",
        },
    ),
    (
        "ADA",
        PartnerRole.FUNDER,
        "https://www.entwicklung.at",
        4,
        {
            "en": "Austrian Development Agency",
            "fr": "Agence autrichienne de développement",
            "bm": "Otirisi yiriwali ɲɛmɔgɔso",
        },
        {
            "en": "This project is implemented with funding from the Austrian Development "
            "Agency (ADA).",
            "fr": "Ce projet est mis en œuvre grâce au financement de l'Agence autrichienne de "
            "développement (ADA).",
            "bm": "Nin porozɛ bɛ kɛ ni Otirisi yiriwali ɲɛmɔgɔso (ADA) ka wari ye.",
        },
    ),
]

NEWS = [
    (
        "lancement-du-projet",
        datetime.date(2013, 11, 1),
        {
            "fr": "Lancement du projet « La société civile pour une stratégie de sécurité "
            "humaine au Mali »",
            "en": 'Launch of the project "Civil Society for a Human Security Strategy in Mali"',
            "bm": "Porozɛ daminɛna: « Sosiyete sivili ka hadamaden lakana fɛɛrɛ Mali kama »",
        },
        {
            "fr": "Le WANEP, le GPPAC et HSC lancent un projet de trois ans, financé par l'ADA.",
            "en": "WANEP, GPPAC and HSC start a three-year project funded by ADA.",
            "bm": "WANEP, GPPAC ani HSC ye san saba porozɛ daminɛ, ADA ye min wari di.",
        },
        {
            "fr": "Le projet commence le **1er novembre 2013** et se termine en "
            "**octobre 2016**. Il soutient un réseau de la société civile malienne et un "
            "dialogue à plusieurs niveaux, du village à l'échelon national.",
            "en": "The project starts on **1 November 2013** and ends in **October 2016**. "
            "It supports a Malian civil society network and a dialogue at several levels, "
            "from the village to the national level.",
            "bm": "Porozɛ bɛ daminɛ **nowanburu tile 1 san 2013** ka ban **ɔkutɔburu 2016**. "
            "A bɛ Mali sosiyete sivili jɛɲɔgɔnya dɛmɛ ani baro hakɛ caman na, kabini dugu "
            "fo jamana bɛɛ.",
        },
    ),
]


def translated_fields(field: str, values: dict[str, str]) -> dict[str, str]:
    """``{"fr": "…", …}`` → ``{"field": fr, "field_fr": "…", …}`` for modeltranslation.

    The demo modules of every app write their three-language content with it.
    """
    return {field: values["fr"], **{f"{field}_{code}": text for code, text in values.items()}}


def seed(*, log) -> None:
    """Load the project, its partners and funder, and the first news post (idempotent)."""
    defaults = {"end_date": PROJECT["end_date"]}
    for field in ("title", "goal", "summary", "background"):
        defaults.update(translated_fields(field, PROJECT[field]))
    Project.objects.update_or_create(start_date=PROJECT["start_date"], defaults=defaults)

    for acronym, role, website, order, names, descriptions in PARTNERS:
        Partner.objects.update_or_create(
            acronym=acronym,
            defaults={
                "role": role,
                "website": website,
                "order": order,
                **translated_fields("name", names),
                **translated_fields("description", descriptions),
            },
        )

    for slug, published_on, titles, summaries, bodies in NEWS:
        NewsPost.objects.update_or_create(
            slug=slug,
            defaults={
                "published_on": published_on,
                "status": NewsStatus.PUBLISHED,
                **translated_fields("title", titles),
                **translated_fields("summary", summaries),
                **translated_fields("body", bodies),
            },
        )
    log(f"project: 1, partners: {len(PARTNERS)}, news: {len(NEWS)}")
