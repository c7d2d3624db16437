"""Vocabulary of the fictional sample directory: kinds of organisations, their invented names and services.

Every name here is invented. `{place}` is replaced by a real municipality or MRC name.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceTemplate:
    slug: str
    name: tuple[str, str]
    description: tuple[str, str]
    clienteles: tuple[str, ...]
    kinds: tuple[str, ...]
    everywhere: bool = True  # offered at every location of the organisation, or only at the main one


@dataclass(frozen=True)
class Archetype:
    key: str
    names: tuple[tuple[str, str], ...]
    mission: tuple[str, str]
    eligibility: tuple[str, str]
    services: tuple[ServiceTemplate, ...]
    max_locations: int = 3
    weight: int = 1


SEARCH = ServiceTemplate(
    "aide-recherche-emploi",
    ("Aide à la recherche d'emploi", "Job search help"),
    (
        "Rencontres individuelles pour cibler les bons employeurs, préparer son CV et se pratiquer pour l'entrevue.",
        "One-on-one meetings to target the right employers, prepare your CV and practise for interviews.",
    ),
    ("general-public", "social-assistance", "precarious-workers"),
    ("job-search", "cv-interview"),
)
GUIDANCE = ServiceTemplate(
    "orientation-carriere",
    ("Orientation et choix de carrière", "Career guidance"),
    (
        "Faire le point sur ses intérêts et ses forces avec une conseillère ou un conseiller d'orientation.",
        "Take stock of your interests and strengths with a guidance counsellor.",
    ),
    ("general-public", "career-change"),
    ("orientation", "training-referral"),
)
EMPLOYERS = ServiceTemplate(
    "services-employeurs",
    ("Services aux employeurs", "Services for employers"),
    (
        "Aide au recrutement et à l'accueil de nouvelles personnes dans l'entreprise.",
        "Help with recruiting and welcoming new staff.",
    ),
    ("general-public",),
    ("employer-services",),
    everywhere=False,
)
RETENTION = ServiceTemplate(
    "maintien-emploi",
    ("Suivi après l'embauche", "Follow-up after hiring"),
    (
        "Un accompagnement pendant les premiers mois en emploi, pour vous et votre employeur.",
        "Support during your first months on the job, for you and your employer.",
    ),
    ("general-public", "social-assistance"),
    ("job-retention",),
    everywhere=False,
)


def _one(slug, name, description, clienteles, kinds, everywhere=True) -> ServiceTemplate:
    return ServiceTemplate(slug, name, description, tuple(clienteles), tuple(kinds), everywhere)


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "general",
        (
            ("Horizon Emploi {place}", "Horizon Emploi {place}"),
            ("Service d'emploi {place}", "{place} Employment Service"),
            ("Le Relais de l'emploi {place}", "{place} Job Relay"),
            ("Accès Travail {place}", "Accès Travail {place}"),
            ("Boussole Emploi {place}", "Boussole Emploi {place}"),
            ("Centre Options-Emploi {place}", "Options-Emploi Centre {place}"),
        ),
        (
            "Accompagne toute personne qui cherche un emploi ou veut changer de travail.",
            "Supports anyone looking for a job or wanting to change jobs.",
        ),
        ("Toute personne de 16 ans et plus.", "Anyone aged 16 and over."),
        (SEARCH, GUIDANCE, EMPLOYERS, RETENTION),
        max_locations=5,
        weight=5,
    ),
    Archetype(
        "youth",
        (
            ("Cap Avenir {place}", "Cap Avenir {place}"),
            ("L'Élan jeunesse {place}", "L'Élan Youth {place}"),
            ("Jeunes en route {place}", "Youth on the Move {place}"),
            ("Projet Envol {place}", "Projet Envol {place}"),
        ),
        (
            "Aide les jeunes de 16 à 35 ans à trouver un emploi, retourner aux études ou lancer un projet.",
            "Helps young people aged 16 to 35 find a job, go back to school or start a project.",
        ),
        ("Jeunes de 16 à 35 ans.", "Young people aged 16 to 35."),
        (
            _one(
                "parcours-jeunes",
                ("Parcours emploi jeunesse", "Youth employment path"),
                (
                    "Un accompagnement pour choisir sa voie, trouver un premier emploi ou retourner aux études.",
                    "Support to choose your path, find a first job or go back to school.",
                ),
                ["youth"],
                ["orientation", "job-search", "training-referral"],
            ),
            _one(
                "jeunes-entrepreneurs",
                ("Démarrer son projet d'entreprise", "Start your own business"),
                (
                    "Ateliers et suivi pour passer de l'idée au plan d'affaires.",
                    "Workshops and follow-up to go from an idea to a business plan.",
                ),
                ["youth"],
                ["entrepreneurship"],
                everywhere=False,
            ),
        ),
        max_locations=4,
        weight=4,
    ),
    Archetype(
        "experienced",
        (
            ("Expérience Plus {place}", "Expérience Plus {place}"),
            ("Second Souffle Emploi {place}", "Second Wind Employment {place}"),
            ("Atout Âge {place}", "Atout Âge {place}"),
        ),
        (
            "Aide les personnes de 50 ans et plus à faire valoir leur expérience auprès des employeurs.",
            "Helps people aged 50 and over make the most of their experience with employers.",
        ),
        ("Personnes de 50 ans et plus.", "People aged 50 and over."),
        (
            _one(
                "club-50-plus",
                ("Club de recherche d'emploi 50 ans et plus", "Job search club for people 50+"),
                (
                    "Trois semaines d'ateliers en groupe, puis un suivi individuel jusqu'à l'embauche.",
                    "Three weeks of group workshops, then individual follow-up until you are hired.",
                ),
                ["experienced-workers"],
                ["job-search", "cv-interview", "job-retention"],
            ),
        ),
        weight=2,
    ),
    Archetype(
        "immigrants",
        (
            ("Passerelles {place}", "Passerelles {place}"),
            ("Nouvel Ancrage {place}", "Nouvel Ancrage {place}"),
            ("Carrefour des nouveaux arrivants {place}", "{place} Newcomers' Hub"),
            ("Racines et Emploi {place}", "Roots and Work {place}"),
        ),
        (
            "Accueille les personnes immigrantes et les aide à faire reconnaître leurs compétences au Québec.",
            "Welcomes immigrants and helps them get their skills recognised in Québec.",
        ),
        ("Personnes immigrantes, quel que soit leur statut.", "Immigrants, whatever their status."),
        (
            _one(
                "integration-emploi",
                ("Intégration au marché du travail", "Getting into the job market"),
                (
                    "Comprendre le marché du travail québécois, faire reconnaître ses diplômes et trouver un emploi.",
                    "Understand Québec's job market, get your diplomas recognised and find a job.",
                ),
                ["immigrants"],
                ["language-integration", "job-search", "cv-interview"],
            ),
        ),
        weight=3,
    ),
    Archetype(
        "women",
        (
            ("Elles au travail {place}", "Women at Work {place}"),
            ("Cheminement Femmes {place}", "Cheminement Femmes {place}"),
            ("Option Femmes Emploi {place}", "Option Femmes Emploi {place}"),
        ),
        (
            "Accompagne les femmes qui veulent entrer, retourner ou avancer sur le marché du travail.",
            "Supports women who want to enter, return to or move ahead in the job market.",
        ),
        ("Femmes de 18 ans et plus.", "Women aged 18 and over."),
        (
            _one(
                "retour-emploi-femmes",
                ("Retour en emploi pour les femmes", "Back to work for women"),
                (
                    "Un programme de groupe pour reprendre confiance, choisir un métier et décrocher un emploi.",
                    "A group programme to regain confidence, choose a trade and land a job.",
                ),
                ["women"],
                ["orientation", "job-search", "training-referral"],
            ),
        ),
        weight=2,
    ),
    Archetype(
        "disability",
        (
            ("Accès-Capacités {place}", "Accès-Capacités {place}"),
            ("Intégra-Travail {place}", "Intégra-Travail {place}"),
            ("Adapt'Emploi {place}", "Adapt'Emploi {place}"),
        ),
        (
            "Aide les personnes handicapées à trouver et garder un emploi adapté à leurs capacités.",
            "Helps people with disabilities find and keep a job suited to their abilities.",
        ),
        ("Personnes ayant une limitation fonctionnelle.", "People with a functional limitation."),
        (
            _one(
                "emploi-adapte",
                ("Emploi adapté et accompagnement", "Adapted employment and support"),
                (
                    "Évaluation des besoins, adaptation du poste avec l'employeur et suivi en emploi.",
                    "Needs assessment, workplace adaptation with the employer and follow-up on the job.",
                ),
                ["disability", "mental-health"],
                ["job-search", "job-retention", "employer-services"],
            ),
        ),
        weight=2,
    ),
    Archetype(
        "justice",
        (
            ("Nouveau Départ {place}", "Fresh Start {place}"),
            ("Seconde Chance Emploi {place}", "Second Chance Employment {place}"),
        ),
        (
            "Aide les personnes judiciarisées à retourner en emploi.",
            "Helps people with a criminal record get back to work.",
        ),
        ("Personnes ayant un dossier judiciaire.", "People with a criminal record."),
        (
            _one(
                "reintegration-emploi",
                ("Réintégration en emploi", "Back to work after a sentence"),
                (
                    "Préparer son retour en emploi, parler de son dossier aux employeurs et trouver un poste.",
                    "Prepare your return to work, talk about your record with employers and find a job.",
                ),
                ["justice-involved"],
                ["job-search", "cv-interview", "job-retention"],
            ),
        ),
    ),
    Archetype(
        "mental-health",
        (
            ("Ancrage Travail {place}", "Ancrage Travail {place}"),
            ("L'Éclaircie emploi {place}", "L'Éclaircie Employment {place}"),
        ),
        (
            "Accompagne les personnes qui vivent avec un trouble de santé mentale vers un emploi qui leur convient.",
            "Supports people living with a mental health condition towards a job that suits them.",
        ),
        ("Personnes vivant avec un trouble de santé mentale.", "People living with a mental health condition."),
        (
            _one(
                "emploi-sante-mentale",
                ("Retour au travail à son rythme", "Back to work at your own pace"),
                (
                    "Un suivi individuel, des stages progressifs et du soutien une fois en emploi.",
                    "Individual follow-up, gradual internships and support once on the job.",
                ),
                ["mental-health"],
                ["work-integration", "job-retention"],
            ),
        ),
    ),
    Archetype(
        "indigenous",
        (
            ("Cercle de l'emploi autochtone {place}", "{place} Indigenous Employment Circle"),
            ("Sentier Emploi Premières Nations {place}", "First Nations Employment Path {place}"),
        ),
        (
            "Offre des services d'emploi aux Premières Nations et aux Inuit, dans le respect de leurs cultures.",
            "Offers employment services to First Nations and Inuit people, respecting their cultures.",
        ),
        ("Membres des Premières Nations et Inuit.", "First Nations and Inuit people."),
        (
            _one(
                "emploi-autochtone",
                ("Formation et emploi", "Training and employment"),
                (
                    "Orientation, formation et recherche d'emploi, dans la communauté ou en ville.",
                    "Guidance, training and job search, in the community or in town.",
                ),
                ["indigenous", "youth"],
                ["orientation", "training-referral", "job-search"],
            ),
        ),
    ),
    Archetype(
        "english",
        (
            ("Pont Emploi {place}", "Employment Bridge {place}"),
            ("Lien Carrière {place}", "Career Link {place}"),
        ),
        (
            "Offre des services d'emploi en anglais et aide à améliorer son français pour le travail.",
            "Offers employment services in English and helps improve your French for work.",
        ),
        ("Personnes qui préfèrent être servies en anglais.", "People who prefer to be served in English."),
        (
            _one(
                "english-services",
                ("Services d'emploi en anglais", "Employment services in English"),
                (
                    "Recherche d'emploi, CV bilingue et cours de français pour le travail.",
                    "Job search, bilingual CV and French classes for work.",
                ),
                ["english-speaking"],
                ["job-search", "cv-interview", "language-integration"],
            ),
        ),
    ),
    Archetype(
        "work-integration",
        (
            ("Atelier L'Engrenage {place}", "L'Engrenage Workshop {place}"),
            ("Entreprise d'insertion Le Levier {place}", "Le Levier Work Integration {place}"),
        ),
        (
            "Entreprise d'insertion : un emploi de transition rémunéré pour acquérir de l'expérience.",
            "Work integration enterprise: a paid transitional job to gain experience.",
        ),
        ("Personnes éloignées du marché du travail.", "People far from the job market."),
        (
            _one(
                "parcours-insertion",
                ("Parcours d'insertion rémunéré", "Paid work integration path"),
                (
                    "Six mois de travail rémunéré en atelier, avec formation et accompagnement.",
                    "Six months of paid work in a workshop, with training and support.",
                ),
                ["social-assistance", "justice-involved", "youth"],
                ["work-integration", "job-search"],
            ),
        ),
    ),
    Archetype(
        "career-change",
        (
            ("Virage Carrière {place}", "Career Turn {place}"),
            ("Réorientation Plus {place}", "Réorientation Plus {place}"),
        ),
        (
            "Aide les personnes en emploi à changer de métier ou de domaine.",
            "Helps employed people change occupation or field.",
        ),
        ("Personnes en emploi ou en emploi précaire.", "Employed people, including in precarious work."),
        (
            _one(
                "bilan-reorientation",
                ("Bilan et réorientation de carrière", "Career review and change"),
                (
                    "Un bilan de compétences et un plan concret pour changer de travail, le soir ou la fin de semaine.",
                    "A skills review and a concrete plan to change jobs, in the evening or on weekends.",
                ),
                ["career-change", "precarious-workers"],
                ["orientation", "training-referral"],
            ),
        ),
    ),
)

STREETS = (
    "rue Principale",
    "rue Notre-Dame",
    "rue Saint-Jean",
    "rue de l'Église",
    "rue de la Gare",
    "boulevard des Érables",
    "avenue du Parc",
    "rue des Pionniers",
    "boulevard du Lac",
    "rue du Moulin",
    "rue des Bouleaux",
    "avenue de la Rivière",
    "rue Champlain",
    "rue des Forges",
    "chemin du Roy",
)

ACCESSIBILITY = (
    (
        ("Entrée sans marche", "Step-free entrance"),
        ("Porte automatique à l'entrée principale.", "Automatic door at the main entrance."),
    ),
    (("Toilettes adaptées", "Accessible washroom"), ("", "")),
    (
        ("Ascenseur", "Elevator"),
        ("Bureaux au deuxième étage, accessibles par ascenseur.", "Second-floor offices, reached by elevator."),
    ),
    (
        ("Stationnement réservé", "Reserved parking"),
        ("Deux places réservées près de l'entrée.", "Two reserved spaces near the entrance."),
    ),
    (
        ("Bureaux à l'étage sans ascenseur", "Upstairs offices without elevator"),
        (
            "Rencontres possibles au rez-de-chaussée sur demande.",
            "Meetings can be held on the ground floor on request.",
        ),
    ),
)

EXTRA_LANGUAGES = ("es", "ar")

# Area codes by region (fictional numbers in the 555-01xx range are reserved for fiction).
AREA_CODES = {
    "01": "418", "02": "418", "03": "418", "04": "819", "05": "819", "06": "514", "07": "819", "08": "819",
    "09": "418", "10": "819", "11": "418", "12": "418", "13": "450", "14": "450", "15": "450", "16": "450",
    "17": "819",
}  # fmt: skip
