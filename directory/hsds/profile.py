"""The Québec profile of HSDS 3.0: three published taxonomies (clientèles, kinds of service, profile flags) and
the stable UUIDs of their terms. Described for people in data/directory/hsds/PROFILE.md."""

import uuid
from dataclasses import dataclass

from directory.models import TERM_NAMESPACE, term_uuid

PROFILE_PATH = "data/directory/hsds/PROFILE.md"


def taxonomy_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(TERM_NAMESPACE, f"taxonomy:{code}")


@dataclass(frozen=True)
class _Named:
    code: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str


class Taxonomy(_Named):
    @property
    def uuid(self) -> uuid.UUID:
        return taxonomy_uuid(self.code)


CLIENTELES = Taxonomy(
    "qc-clienteles",
    "Clientèles des services d'emploi du Québec",
    "Clientèles of Québec employment services",
    "Les groupes de personnes qu'un service accueille en particulier.",
    "The groups of people a service is meant for.",
)
KINDS = Taxonomy(
    "qc-service-kinds",
    "Types de services d'emploi",
    "Kinds of employment services",
    "Ce qu'offre un service d'emploi (orientation, recherche d'emploi…).",
    "What an employment service offers (career guidance, job search…).",
)
PROFILE = Taxonomy(
    "qc-profile",
    "Profil québécois de HSDS : champs ajoutés",
    "Québec profile of HSDS: added fields",
    "Ce que le répertoire québécois publie et que HSDS ne prévoit pas.",
    "What the Québec directory publishes that HSDS does not provide for.",
)
TAXONOMIES = (CLIENTELES, KINDS, PROFILE)


class ProfileTerm(_Named):
    @property
    def uuid(self) -> uuid.UUID:
        return uuid.uuid5(TERM_NAMESPACE, f"profile:{self.code}")


SAMPLE = ProfileTerm(
    "sample-data",
    "Données d'exemple",
    "Sample data",
    "Fiche fictive de démonstration (valeur « true »).",
    "Fictional listing for demonstration (value “true”).",
)
MEMBER = ProfileTerm(
    "association-member",
    "Membre de l'association",
    "Member of the association",
    "L'organisme est membre de l'association (valeur « true »).",
    "The organisation is a member of the association (value “true”).",
)
VERIFIED_BY = ProfileTerm(
    "verified-by",
    "Vérifié par",
    "Verified by",
    "Nom de la personne qui a vérifié le service le jour de assured_date.",
    "Name of the person who verified the service on assured_date.",
)
REGION = ProfileTerm(
    "qc-region",
    "Région administrative",
    "Administrative region",
    "Code officiel de la région administrative du Québec (01 à 17).",
    "Official code of the Québec administrative region (01 to 17).",
)
MUNICIPALITY = ProfileTerm(
    "qc-municipality",
    "Municipalité (code MAMH)",
    "Municipality (MAMH code)",
    "Code à cinq chiffres du répertoire des municipalités du Québec.",
    "Five-digit code of the Québec municipal directory.",
)
INACTIVE_POINT = ProfileTerm(
    "inactive-service-point",
    "Point de service inactif",
    "Inactive service point",
    "Le service n'est plus offert à cet endroit pour l'instant (valeur « true »).",
    "The service is not offered at this place for now (value “true”).",
)
PROFILE_TERMS = (SAMPLE, MEMBER, VERIFIED_BY, REGION, MUNICIPALITY, INACTIVE_POINT)
PROFILE_TERMS_BY_ID = {str(term.uuid): term for term in PROFILE_TERMS}
MUNICIPALITY_IDENTIFIER_TYPE = "qc-mamh-municipality"

__all__ = ["term_uuid", "TAXONOMIES", "PROFILE_TERMS"]
