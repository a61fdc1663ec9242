"""The demo site's own pages, in English and French.

Each entry: a stable key, the English and French titles, slugs, intro and
body (StreamField raw data). Keys identify pages across runs so that
`load_demo` can tell what already exists.
"""


def _p(html):
    return {"type": "paragraph", "value": html}


def _h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


CRISIS = {"type": "crisis_line", "value": None}

HOME = {
    "en": {
        "title": "Networks of Care",
        "intro": (
            "People who support survivors of human trafficking in Canada, acting "
            "together: meeting, raising awareness, and pushing for better laws "
            "and funded survivor services."
        ),
        "body": [
            _h("Act with us"),
            _p(
                "<p>Come to a town hall or a workshop, write to your elected "
                "representatives, or put up an awareness flyer where you work. "
                "Every action here is free and asks for as little personal "
                "information as possible.</p>"
            ),
            CRISIS,
        ],
    },
    "fr": {
        "title": "Réseaux de soutien",
        "intro": (
            "Les personnes qui soutiennent les survivantes et survivants de la "
            "traite des personnes au Canada agissent ensemble : se rencontrer, "
            "sensibiliser, et réclamer de meilleures lois et des services "
            "financés pour les survivantes et survivants."
        ),
        "body": [
            _h("Agissez avec nous"),
            _p(
                "<p>Participez à une assemblée publique ou à un atelier, écrivez "
                "à vos élus, ou affichez une affiche de sensibilisation sur votre "
                "lieu de travail. Chaque action est gratuite et demande le moins "
                "de renseignements personnels possible.</p>"
            ),
            CRISIS,
        ],
    },
}

PAGES = [
    {
        "key": "about",
        "show_in_menus": True,
        "en": {
            "title": "About us",
            "slug": "about",
            "intro": "Who we are and what we work for.",
            "body": [
                _p(
                    "<p>Networks of Care brings together the family, friends, "
                    "front-line workers and community members who support "
                    "survivors of human trafficking across Canada.</p>"
                ),
                _h("What we work for"),
                _p(
                    "<ul><li>Laws that protect survivors and hold traffickers "
                    "to account.</li><li>Stable, long-term funding for survivor "
                    "services: housing, counselling, legal help.</li><li>Communities "
                    "and businesses that know the signs and the hotline.</li></ul>"
                ),
                CRISIS,
            ],
        },
        "fr": {
            "title": "À propos",
            "slug": "a-propos",
            "intro": "Qui nous sommes et pourquoi nous agissons.",
            "body": [
                _p(
                    "<p>Réseaux de soutien rassemble les proches, les "
                    "intervenantes et intervenants de première ligne et les "
                    "membres de la communauté qui soutiennent les survivantes et "
                    "survivants de la traite des personnes partout au Canada.</p>"
                ),
                _h("Ce que nous défendons"),
                _p(
                    "<ul><li>Des lois qui protègent les survivantes et survivants "
                    "et qui tiennent les trafiquants responsables.</li><li>Un "
                    "financement stable et à long terme des services aux "
                    "survivantes et survivants : logement, counselling, aide "
                    "juridique.</li><li>Des communautés et des commerces qui "
                    "connaissent les signes et la ligne d’urgence.</li></ul>"
                ),
                CRISIS,
            ],
        },
    },
    {
        "key": "privacy",
        "show_in_menus": False,
        "en": {
            "title": "Privacy",
            "slug": "privacy",
            "intro": "What we collect, why, and for how long.",
            "body": [
                _h("The least data, for the least time"),
                _p(
                    "<p>We ask only for what an action needs: a name and an email "
                    "to register for an event or to send a letter. We never sell "
                    "or share it. It is anonymised automatically a set number of "
                    "days (90 unless we say otherwise) after it is last needed: "
                    "registrations and the names on town-hall questions after "
                    "the event, letters after they were written, a business's "
                    "name, contact and email after it downloaded a flyer. What "
                    "is left is counted, not named: how many came, wrote or "
                    "printed. The text of a town-hall question stays, without "
                    "its name, as the record of what was asked.</p>"
                ),
                _h("No tracking"),
                _p(
                    "<p>This site uses no analytics, no advertising, no social "
                    "media buttons, and no fonts or scripts from other sites. It "
                    "sets no cookie unless you fill in a form.</p>"
                ),
                _h("Email"),
                _p(
                    "<p>We send you email about something you asked for (an RSVP "
                    "confirmation, a reminder, a letter confirmation). We send "
                    "anything else only if you ticked the separate box saying "
                    "you want it, and every such email has an unsubscribe link, "
                    "as Canada's Anti-Spam Legislation (CASL) requires.</p>"
                ),
                _h("Your rights"),
                _p(
                    "<p>You can see everything we hold about your email address, "
                    "download a copy or delete all of it at any time on the <a "
                    'href="/en/your-data/">Your data</a> page (linked at the '
                    "bottom of every page): we email you a link that works for "
                    "24 hours. Every email about an RSVP also carries a link to "
                    "change or delete it. You can also write to the contact "
                    "address at the bottom of every page.</p>"
                ),
            ],
        },
        "fr": {
            "title": "Confidentialité",
            "slug": "confidentialite",
            "intro": "Ce que nous recueillons, pourquoi, et pour combien de temps.",
            "body": [
                _h("Le moins de données, le moins longtemps"),
                _p(
                    "<p>Nous ne demandons que ce dont une action a besoin : un nom "
                    "et un courriel pour s’inscrire à un événement ou envoyer une "
                    "lettre. Nous ne les vendons ni ne les partageons jamais. Ces "
                    "données sont anonymisées automatiquement un certain nombre "
                    "de jours (90, sauf avis contraire) après leur dernière "
                    "utilisation : les inscriptions et les noms sur les questions "
                    "des assemblées publiques après l’événement, les lettres "
                    "après leur rédaction, le nom, le contact et le courriel "
                    "d’un commerce après le téléchargement d’une affiche. Ce qui "
                    "reste est compté, sans nom : combien de personnes sont "
                    "venues, ont écrit ou ont imprimé. Le texte d’une question "
                    "reste, sans son nom, comme trace de ce qui a été demandé.</p>"
                ),
                _h("Aucun pistage"),
                _p(
                    "<p>Ce site n’utilise aucun outil d’analyse, aucune publicité, "
                    "aucun bouton de réseau social, ni polices ou scripts d’autres "
                    "sites. Il ne dépose aucun témoin (cookie) sauf si vous "
                    "remplissez un formulaire.</p>"
                ),
                _h("Courriels"),
                _p(
                    "<p>Nous vous écrivons au sujet de ce que vous avez demandé "
                    "(confirmation d’inscription, rappel, confirmation de lettre). "
                    "Nous n’envoyons rien d’autre sans votre consentement donné "
                    "dans une case distincte, et chacun de ces courriels contient "
                    "un lien de désabonnement, comme l’exige la Loi canadienne "
                    "anti-pourriel (LCAP).</p>"
                ),
                _h("Vos droits"),
                _p(
                    "<p>Vous pouvez voir tout ce que nous conservons sur votre "
                    "adresse courriel, en télécharger une copie ou tout supprimer "
                    'à tout moment sur la page <a href="/fr/vos-donnees/">Vos '
                    "données</a> (en lien au bas de chaque page) : nous vous "
                    "envoyons par courriel un lien valable 24 heures. Chaque "
                    "courriel au sujet d’une inscription contient aussi un lien "
                    "pour la modifier ou la supprimer. Vous pouvez aussi écrire à "
                    "l’adresse indiquée au bas de chaque page.</p>"
                ),
            ],
        },
    },
    {
        "key": "safety",
        "show_in_menus": False,
        "en": {
            "title": "Browse this site safely",
            "slug": "browse-safely",
            "intro": (
                "If someone might check your phone or computer, these steps help "
                "keep your visit private."
            ),
            "body": [
                _h("Use private browsing"),
                _p(
                    "<p>A private window does not keep the pages you visit in the "
                    "browser's history: <b>Chrome</b> and <b>Edge</b>: New "
                    "Incognito / InPrivate window (Ctrl+Shift+N); <b>Firefox</b>: "
                    "New private window (Ctrl+Shift+P); <b>Safari</b>: File, New "
                    "Private Window. On a phone, open the browser's menu and "
                    "choose the private or incognito tab.</p>"
                ),
                _h("The Exit this page button"),
                _p(
                    "<p>The red button at the top of every page, or pressing the "
                    "Shift key three times, leaves this site at once for a "
                    "neutral one. It opens the neutral site in a new tab, where "
                    "the Back button leads nowhere (if your browser allows it), "
                    "and replaces the page you were reading in this tab, so Back "
                    "does not bring that page back.</p>"
                    "<p>What it cannot erase: the pages of this site you opened "
                    "before, in the same tab (Back still reaches them); the "
                    "browser's history list (Ctrl+H), which still names every "
                    "page you opened here; files you downloaded, such as a flyer "
                    "or a letter; the emails we sent you; and what the browser "
                    "remembers of the forms you filled in. Private browsing keeps "
                    "no history; clearing your history removes it afterwards. "
                    "Delete downloads and emails yourself.</p>"
                ),
                _h("Clear your history"),
                _p(
                    "<p>In most browsers, Ctrl+H (Cmd+Y on a Mac) opens the "
                    "history, where you can delete single pages. Deleting only "
                    "this site's pages, rather than the whole history, is less "
                    "noticeable.</p>"
                ),
                _h("If you are in danger"),
                _p(
                    "<p>Call 911 in an emergency. The hotline below answers 24 "
                    "hours a day, in more than 200 languages, and you do not "
                    "have to give your name.</p>"
                ),
                CRISIS,
            ],
        },
        "fr": {
            "title": "Naviguer sur ce site en sécurité",
            "slug": "naviguer-en-securite",
            "intro": (
                "Si quelqu’un peut consulter votre téléphone ou votre ordinateur, "
                "ces conseils aident à garder votre visite privée."
            ),
            "body": [
                _h("Utilisez la navigation privée"),
                _p(
                    "<p>Une fenêtre privée ne garde pas les pages visitées dans "
                    "l’historique : <b>Chrome</b> et <b>Edge</b> : nouvelle "
                    "fenêtre de navigation privée / InPrivate (Ctrl+Maj+N); "
                    "<b>Firefox</b> : nouvelle fenêtre privée (Ctrl+Maj+P); "
                    "<b>Safari</b> : Fichier, Nouvelle fenêtre privée. Sur un "
                    "téléphone, ouvrez le menu du navigateur et choisissez "
                    "l’onglet privé.</p>"
                ),
                _h("Le bouton Quitter cette page"),
                _p(
                    "<p>Le bouton rouge en haut de chaque page, ou trois appuis "
                    "sur la touche Maj, quitte ce site aussitôt pour un site "
                    "neutre. Il ouvre le site neutre dans un nouvel onglet, où le "
                    "bouton Précédent ne mène nulle part (si votre navigateur le "
                    "permet), et remplace la page que vous lisiez dans cet "
                    "onglet\u00a0: le bouton Précédent ne la ramène pas.</p>"
                    "<p>Ce qu’il ne peut pas effacer\u00a0: les pages de ce site "
                    "ouvertes avant, dans le même onglet (le bouton Précédent y "
                    "mène encore); la liste de l’historique du navigateur "
                    "(Ctrl+H), qui nomme encore chaque page ouverte ici; les "
                    "fichiers téléchargés, comme une affiche ou une lettre; les "
                    "courriels que nous vous avons envoyés; et ce que le "
                    "navigateur retient des formulaires remplis. La navigation "
                    "privée ne garde pas d’historique; l’effacement de "
                    "l’historique le supprime après coup. Supprimez vous-même "
                    "les téléchargements et les courriels.</p>"
                ),
                _h("Effacez votre historique"),
                _p(
                    "<p>Dans la plupart des navigateurs, Ctrl+H (Cmd+Y sur Mac) "
                    "ouvre l’historique, où vous pouvez supprimer des pages une à "
                    "une. Supprimer seulement les pages de ce site, plutôt que "
                    "tout l’historique, attire moins l’attention.</p>"
                ),
                _h("Si vous êtes en danger"),
                _p(
                    "<p>Composez le 911 en cas d’urgence. La ligne ci-dessous "
                    "répond 24 heures sur 24, dans plus de 200 langues, et vous "
                    "n’avez pas à donner votre nom.</p>"
                ),
                CRISIS,
            ],
        },
    },
]

SITE_SETTINGS = {
    "organisation_name": "Networks of Care (demo)",
    "mailing_address": "123 Example Street, Suite 100\nOttawa, ON  K1P 5G4\nCanada",
    "contact_email": "hello@example.org",
}
