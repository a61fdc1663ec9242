"""Elected offices and greetings, as a letter in English or French writes
them.

Represent names offices in English ("MP", "MPP", "MNA", "MLA", "MHA",
"Councillor", "Mayor"), some Québec municipalities in French ("Conseiller",
"Maire"). An English letter keeps the office as given. A French letter
writes it in French: every member of a legislature is a "député" in French
(an MNA, an MPP, an MLA alike), a councillor a "conseiller", a mayor a
"maire". Where Represent gives the person's gender (``F`` or ``M``) the
word agrees; where it does not, the inclusive form is used ("député·e",
"Madame la députée, Monsieur le député"), never a guess.
"""

#: Office (lowercased, as Represent writes it) -> its kind.
KINDS = {
    "mp": "member",
    "mpp": "member",
    "mna": "member",
    "mla": "member",
    "mha": "member",
    "député": "member",
    "députée": "member",
    "councillor": "councillor",
    "regional councillor": "councillor",
    "city councillor": "councillor",
    "conseiller": "councillor",
    "conseillère": "councillor",
    "mayor": "mayor",
    "maire": "mayor",
    "mairesse": "mayor",
}

#: Kind -> (feminine, masculine, inclusive) titles in French.
FRENCH_TITLES = {
    "member": ("députée", "député", "député·e"),
    "councillor": ("conseillère", "conseiller", "conseiller·ère"),
    "mayor": ("mairesse", "maire", "maire·sse"),
}

#: Kind -> (feminine, masculine) greetings in French; the inclusive greeting
#: is both, feminine first, as Canadian French letters write it.
FRENCH_GREETINGS = {
    "member": ("Madame la députée", "Monsieur le député"),
    "councillor": ("Madame la conseillère", "Monsieur le conseiller"),
    "mayor": ("Madame la mairesse", "Monsieur le maire"),
    None: ("Madame", "Monsieur"),
}


def normalise_gender(value):
    """``"F"``, ``"M"`` or ``""`` (unknown) from Represent's gender field."""
    value = (value or "").strip().upper()[:1]
    return value if value in ("F", "M") else ""


def _kind(office):
    return KINDS.get(" ".join((office or "").lower().split()))


def office_title(office, language, gender=""):
    """The office as a letter in ``language`` names it: ``"MNA"`` in French
    is ``"député·e"`` (``"députée"`` for a woman). Offices this module does
    not know, and every office in English, are kept as given."""
    kind = _kind(office)
    if language != "fr" or kind is None:
        return office or ""
    feminine, masculine, inclusive = FRENCH_TITLES[kind]
    return {"F": feminine, "M": masculine}.get(normalise_gender(gender), inclusive)


def greeting(office, name, language, gender="", salutation=""):
    """How a letter in ``language`` greets the recipient, without the comma
    that follows: ``"Dear Ada Lovelace"``; in French ``"Madame la députée,
    Monsieur le député"`` (gender unknown) or ``"Madame la députée"``. A
    fixed target's own ``salutation`` ("Dear Minister") wins."""
    if salutation:
        return salutation
    if language != "fr":
        return f"Dear {name}".strip()
    feminine, masculine = FRENCH_GREETINGS[_kind(office)]
    gender = normalise_gender(gender)
    if gender == "F":
        return feminine
    if gender == "M":
        return masculine
    return f"{feminine}, {masculine}"
