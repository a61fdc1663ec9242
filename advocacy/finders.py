"""The official "find your representative" pages, for a postal code our
sources do not know: the way on is the legislature's own finder, in the
reader's language where the legislature has one.

Each entry: the legislature's name and its page, in English and French
(where a legislature publishes only in English, both point at it).
"""

from dataclasses import dataclass

from .models.representatives import Level
from .postcodes import province_of


@dataclass(frozen=True)
class Finder:
    name_en: str
    name_fr: str
    url_en: str
    url_fr: str = ""

    def name(self, language):
        return self.name_fr if language == "fr" else self.name_en

    def url(self, language):
        return (self.url_fr or self.url_en) if language == "fr" else self.url_en


HOUSE_OF_COMMONS = Finder(
    "House of Commons: Find members of Parliament",
    "Chambre des communes : trouver des députés",
    "https://www.ourcommons.ca/members/en/search",
    "https://www.noscommunes.ca/members/fr/search",
)

#: The provincial and territorial legislatures, by the province code that
#: letters and postal codes use.
LEGISLATURES = {
    "NL": Finder(
        "House of Assembly of Newfoundland and Labrador: members",
        "Chambre d’assemblée de Terre-Neuve-et-Labrador : députés",
        "https://www.assembly.nl.ca/members/members.aspx",
    ),
    "NS": Finder(
        "Nova Scotia Legislature: members",
        "Assemblée législative de la Nouvelle-Écosse : députés",
        "https://nslegislature.ca/members/profiles",
    ),
    "PE": Finder(
        "Legislative Assembly of Prince Edward Island: members",
        "Assemblée législative de l’Île-du-Prince-Édouard : députés",
        "https://www.assembly.pe.ca/members",
    ),
    "NB": Finder(
        "Legislative Assembly of New Brunswick: members",
        "Assemblée législative du Nouveau-Brunswick : députés",
        "https://www.legnb.ca/en/members/current",
        "https://www.legnb.ca/fr/deputes/actuels",
    ),
    "QC": Finder(
        "National Assembly of Québec: members",
        "Assemblée nationale du Québec : députés",
        "https://www.assnat.qc.ca/en/deputes/index.html",
        "https://www.assnat.qc.ca/fr/deputes/index.html",
    ),
    "ON": Finder(
        "Legislative Assembly of Ontario: members",
        "Assemblée législative de l’Ontario : députés",
        "https://www.ola.org/en/members/current",
        "https://www.ola.org/fr/deputes/actuels",
    ),
    "MB": Finder(
        "Legislative Assembly of Manitoba: members",
        "Assemblée législative du Manitoba : députés",
        "https://www.gov.mb.ca/legislature/members/mla_list_constituency.html",
        "https://www.gov.mb.ca/legislature/members/mla_list_constituency.fr.html",
    ),
    "SK": Finder(
        "Legislative Assembly of Saskatchewan: members",
        "Assemblée législative de la Saskatchewan : députés",
        "https://www.legassembly.sk.ca/mlas/",
    ),
    "AB": Finder(
        "Legislative Assembly of Alberta: members",
        "Assemblée législative de l’Alberta : députés",
        "https://www.assembly.ab.ca/members/members-of-the-legislative-assembly",
    ),
    "BC": Finder(
        "Legislative Assembly of British Columbia: members",
        "Assemblée législative de la Colombie-Britannique : députés",
        "https://www.leg.bc.ca/members",
    ),
    "YT": Finder(
        "Yukon Legislative Assembly: members",
        "Assemblée législative du Yukon : députés",
        "https://yukonassembly.ca/mlas",
    ),
    "NT": Finder(
        "Legislative Assembly of the Northwest Territories: members",
        "Assemblée législative des Territoires du Nord-Ouest : députés",
        "https://www.ntassembly.ca/members",
    ),
    "NU": Finder(
        "Legislative Assembly of Nunavut: members",
        "Assemblée législative du Nunavut : députés",
        "https://assembly.nu.ca/members/mla",
    ),
}


def official_finders(levels, postal_code, language="en"):
    """``[(name, url)]``: where to find one's representative at ``levels``
    (a campaign's), for ``postal_code``: the House of Commons for MPs, the
    legislature of the postal code's province (both territories for an X
    code, which Canada Post shares between them). Municipal councils have
    no common finder: none is given."""
    finders = []
    if Level.FEDERAL in levels:
        finders.append(HOUSE_OF_COMMONS)
    if Level.PROVINCIAL in levels:
        province = province_of(postal_code)
        if province:
            finders.append(LEGISLATURES[province])
        elif (postal_code or "")[:1].upper() == "X":
            finders += [LEGISLATURES["NT"], LEGISLATURES["NU"]]
        else:
            finders += list(LEGISLATURES.values())
    return [(finder.name(language), finder.url(language)) for finder in finders]
