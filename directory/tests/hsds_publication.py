"""A publication written by hand from the HSDS 3.0 schemas: every table, every optional field used at least once
(fictional data, places of tests/fixtures/directory.py)."""

import copy
from typing import Any

from directory.hsds import profile
from directory.models import term_uuid

ORG = "0b3a7f44-8c3e-4c41-9d7e-6f0f5a1e2c01"
SERVICE = "1c4b8f55-9d4f-4d52-8e8f-7a1a6b2f3d02"
SERVICE_2 = "1c4b8f55-9d4f-4d52-8e8f-7a1a6b2f3d99"
LOCATION = "2d5c9a66-ae5a-4e63-9f90-8b2b7c3a4e03"
LOCATION_2 = "2d5c9a66-ae5a-4e63-9f90-8b2b7c3a4e98"
VIRTUAL = "2d5c9a66-ae5a-4e63-9f90-8b2b7c3a4e97"
POINT = "3e6dab77-bf6b-4f74-a0a1-9c3c8d4b5f04"
POINT_2 = "3e6dab77-bf6b-4f74-a0a1-9c3c8d4b5f94"
TAXONOMY = "4f7ebc88-c07c-4085-b1b2-ad4d9e5c6a05"
TERM = "5a8fcd99-d18d-4196-82c3-be5eaf6d7b06"


def _id(n: int) -> str:
    return f"9a000000-0000-4000-8000-{n:012d}"


def _meta(resource: str, n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": _id(900 + n),
            "resource_id": resource,
            "resource_type": "service",
            "last_action_date": "2026-01-15",
            "last_action_type": "update",
            "field_name": "name",
            "previous_value": "Ancien nom",
            "replacement_value": "Nouveau nom",
            "updated_by": "Personne fictive",
        }
    ]


def _foreign_attribute(link: str, n: int) -> dict[str, Any]:
    return {
        "id": _id(800 + n),
        "link_id": link,
        "taxonomy_term_id": TERM,
        "link_type": "eligibility",
        "link_entity": "service",
        "value": "oui",
        "taxonomy_term": {
            "id": TERM,
            "code": "EMP-1",
            "name": "Emploi",
            "description": "Terme d'une autre taxonomie",
            "parent_id": _id(701),
            "taxonomy": "Taxonomie partenaire",
            "taxonomy_detail": {
                "id": TAXONOMY,
                "name": "Taxonomie partenaire",
                "description": "Autre",
                "uri": "https://example.org/tax",
                "version": "2",
            },  # noqa: E501
            "language": "fr",
            "taxonomy_id": TAXONOMY,
            "term_uri": "https://example.org/tax/EMP-1",
        },
    }


def _term(kind: str, slug: str, taxonomy: profile.Taxonomy) -> dict[str, Any]:
    term = str(term_uuid(kind, slug))
    return {
        "id": _id(600 + len(slug)),
        "link_id": SERVICE,
        "taxonomy_term_id": term,
        "link_entity": "service",
        "taxonomy_term": {
            "id": term,
            "code": slug,
            "name": slug,
            "description": slug,
            "taxonomy_id": str(taxonomy.uuid),
        },
    }


_PROGRAM = {
    "id": _id(8),
    "organization_id": ORG,
    "name": "Programme fictif",
    "alternate_name": "PF",
    "description": "Un programme.",
}  # noqa: E501

_PUBLICATION: dict[str, Any] = {
    "id": ORG,
    "name": "Carrefour Fictif de l'Emploi",
    "alternate_name": "CFE",
    "description": "Organisme fictif écrit à la main pour les tests.",
    "email": "info@cfe.example.org",
    "website": "https://cfe.example.org/",
    "tax_status": "OBNL",
    "tax_id": "123456789RR0001",
    "year_incorporated": 1998,
    "legal_status": "Organisme à but non lucratif",
    "logo": "https://cfe.example.org/logo.png",
    "uri": "https://cfe.example.org/",
    "parent_organization_id": _id(1),
    "funding": [{"id": _id(2), "organization_id": ORG, "source": "Services Québec"}],
    "contacts": [
        {
            "id": _id(3),
            "organization_id": ORG,
            "name": "Personne Fictive",
            "title": "Directrice",
            "department": "Direction",
            "email": "direction@cfe.example.org",
            "phones": [{"id": _id(4), "contact_id": _id(3), "number": "+14185550150"}],
        }
    ],
    "phones": [
        {
            "id": _id(5),
            "organization_id": ORG,
            "number": "+14185550100",
            "extension": 12,
            "type": "voice",
            "description": "Accueil",
            "languages": [{"id": _id(6), "phone_id": _id(5), "name": "français", "code": "fr", "note": "—"}],
        },
        {"id": _id(7), "organization_id": ORG, "number": "418 555-0101", "type": "cell"},
    ],
    "programs": [_PROGRAM],
    "organization_identifiers": [
        {
            "id": _id(9),
            "organization_id": ORG,
            "identifier_scheme": "CA-NEQ",
            "identifier_type": "NEQ",
            "identifier": "1140000000",
        }  # noqa: E501
    ],
    "attributes": [
        {
            "id": _id(10),
            "link_id": ORG,
            "taxonomy_term_id": str(profile.SAMPLE.uuid),
            "link_entity": "organization",
            "value": "true",
        },  # noqa: E501
        {
            "id": _id(11),
            "link_id": ORG,
            "taxonomy_term_id": str(profile.MEMBER.uuid),
            "link_entity": "organization",
            "value": "true",
        },  # noqa: E501
    ],
    "metadata": _meta(ORG, 1),
    "locations": [
        {
            "id": LOCATION,
            "location_type": "physical",
            "url": "https://cfe.example.org/siege",
            "organization_id": ORG,
            "name": "Siège social",
            "alternate_name": "Le siège",
            "description": "Au rez-de-chaussée.",
            "transportation": "Autobus 11",
            "latitude": 48.45,
            "longitude": -68.52,
            "external_identifier": "99001",
            "external_identifier_type": "qc-mamh-municipality",
            "languages": [{"id": _id(12), "location_id": LOCATION, "name": "français", "code": "fr"}],
            "addresses": [
                {
                    "id": _id(13),
                    "location_id": LOCATION,
                    "attention": "Accueil",
                    "address_1": "12, rue Principale",
                    "address_2": "Bureau 3",
                    "city": "Villefictive-sur-Mer",
                    "region": "01",
                    "state_province": "QC",
                    "postal_code": "G5L 1A1",
                    "country": "CA",
                    "address_type": "physical",
                },
                {
                    "id": _id(14),
                    "location_id": LOCATION,
                    "address_1": "C.P. 45",
                    "city": "Villefictive-sur-Mer",
                    "state_province": "QC",
                    "postal_code": "G5L 1A2",
                    "country": "CA",
                    "address_type": "postal",
                },
            ],
            "contacts": [{"id": _id(15), "location_id": LOCATION, "name": "Accueil"}],
            "accessibility": [
                {
                    "id": _id(16),
                    "location_id": LOCATION,
                    "description": "Entrée sans marche",
                    "details": "Porte automatique",
                    "url": "https://cfe.example.org/acces",
                }  # noqa: E501
            ],
            "phones": [{"id": _id(17), "location_id": LOCATION, "number": "+14185550102", "type": "fax"}],
            "schedules": [
                {
                    "id": _id(18),
                    "location_id": LOCATION,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": "MO,TU",
                    "opens_at": "08:30:00",
                    "closes_at": "16:30:00",
                    "description": "Heures normales",
                },
                {
                    "id": _id(19),
                    "location_id": LOCATION,
                    "valid_from": "2026-06-24",
                    "valid_to": "2026-06-24",
                    "dtstart": "2026-06-24",
                    "timezone": -5,
                    "until": "2026-06-25",
                    "count": 1,
                    "freq": "MONTHLY",
                    "interval": 1,
                    "bymonthday": "24",
                    "byweekno": "25",
                    "byyearday": "175",
                    "schedule_link": "https://cfe.example.org/horaire",
                    "attending_type": "in person",
                    "notes": "Fermé à la Fête nationale",
                },
            ],
            "attributes": [_foreign_attribute(LOCATION, 1)],
            "metadata": _meta(LOCATION, 2),
        },
        {
            "id": VIRTUAL,
            "location_type": "virtual",
            "organization_id": ORG,
            "name": "En ligne",
            "url": "https://cfe.example.org/en-ligne",
        },
        {
            "id": LOCATION_2,
            "location_type": "physical",
            "organization_id": ORG,
            "name": "Point de service Est",
            "latitude": 48.2001,
            "longitude": -68.9001,
            "addresses": [
                {
                    "id": _id(20),
                    "address_1": "1, rue de l'Est",
                    "city": "Saint-Exemple",
                    "state_province": "QC",
                    "postal_code": "G5L 2B2",
                    "country": "CA",
                    "address_type": "physical",
                }  # noqa: E501
            ],
        },
    ],
    "services": [
        {
            "id": SERVICE,
            "organization_id": ORG,
            "program_id": _id(8),
            "name": "Aide à la recherche d'emploi",
            "alternate_name": "ARE",
            "description": "Accompagnement individuel.",
            "url": "https://cfe.example.org/are",
            "email": "are@cfe.example.org",
            "status": "temporarily closed",
            "interpretation_services": "Interprètes sur demande",
            "application_process": "Téléphonez.",
            "fees_description": "Gratuit",
            "wait_time": "Une semaine",
            "fees": "Aucun",
            "accreditations": "Aucune",
            "eligibility_description": "Toute personne.",
            "minimum_age": 16,
            "maximum_age": 99,
            "assured_date": "2026-01-15",
            "assurer_email": "verif@cfe.example.org",
            "licenses": "Aucune",
            "alert": "Fermé en juillet",
            "last_modified": "2026-01-15T10:00:00Z",
            "phones": [{"id": _id(21), "service_id": SERVICE, "number": "+14185550103", "type": "textphone"}],
            "schedules": [
                {"id": _id(22), "service_id": SERVICE, "byday": "WE", "opens_at": "13:00", "closes_at": "16:00:30"}
            ],
            "service_areas": [
                {
                    "id": _id(23),
                    "service_id": SERVICE,
                    "name": "Bas-Saint-Laurent",
                    "description": "Toute la région",
                    "extent": "{}",
                    "extent_type": "geojson",
                    "uri": "https://example.org/region/01",
                    "attributes": [
                        {
                            "id": _id(24),
                            "link_id": _id(23),
                            "taxonomy_term_id": str(profile.REGION.uuid),
                            "link_entity": "service_area",
                            "value": "01",
                        }  # noqa: E501
                    ],
                }
            ],
            "service_at_locations": [
                {
                    "id": POINT,
                    "service_id": SERVICE,
                    "location_id": LOCATION,
                    "description": "Au siège",
                    "contacts": [{"id": _id(25), "service_at_location_id": POINT, "name": "Conseillère"}],
                    "phones": [{"id": _id(26), "service_at_location_id": POINT, "number": "+14185550104"}],
                    "schedules": [
                        {
                            "id": _id(27),
                            "service_at_location_id": POINT,
                            "byday": "TH",
                            "opens_at": "09:00",
                            "closes_at": "12:00",
                        }
                    ],  # noqa: E501
                    "attributes": [_foreign_attribute(POINT, 2)],
                    "metadata": _meta(POINT, 3),
                },
                {
                    "id": POINT_2,
                    "service_id": SERVICE,
                    "location_id": LOCATION_2,
                    "attributes": [
                        {
                            "id": _id(28),
                            "link_id": POINT_2,
                            "taxonomy_term_id": str(profile.INACTIVE_POINT.uuid),
                            "link_entity": "service_at_location",
                            "value": "true",
                        }  # noqa: E501
                    ],
                },
            ],
            "languages": [{"id": _id(29), "service_id": SERVICE, "name": "anglais", "code": "en"}],
            "funding": [{"id": _id(30), "service_id": SERVICE, "source": "Fondation fictive"}],
            "cost_options": [
                {
                    "id": _id(31),
                    "service_id": SERVICE,
                    "valid_from": "2026-01-01",
                    "valid_to": "2026-12-31",
                    "option": "Atelier",
                    "currency": "CAD",
                    "amount": 0,
                    "amount_description": "Gratuit",
                }  # noqa: E501
            ],
            "program": _PROGRAM,
            "required_documents": [
                {"id": _id(32), "service_id": SERVICE, "document": "Pièce d'identité", "uri": "https://example.org/doc"}
            ],  # noqa: E501
            "contacts": [{"id": _id(33), "service_id": SERVICE, "name": "Responsable"}],
            "attributes": [
                _term("clientele", "youth", profile.CLIENTELES),
                _term("kind", "job-search", profile.KINDS),
                {
                    "id": _id(34),
                    "link_id": SERVICE,
                    "taxonomy_term_id": str(profile.VERIFIED_BY.uuid),
                    "link_entity": "service",
                    "value": "Personne Vérificatrice",
                },  # noqa: E501
                _foreign_attribute(SERVICE, 3),
            ],
            "metadata": _meta(SERVICE, 4),
        },
        {
            "id": SERVICE_2,
            "organization_id": ORG,
            "name": "Service en ligne seulement",
            "status": "defunct",
            "service_at_locations": [{"id": _id(35), "service_id": SERVICE_2, "location_id": VIRTUAL}],
        },
    ],
}


def publication(**overrides: Any) -> dict[str, Any]:
    record = copy.deepcopy(_PUBLICATION)
    record.update(copy.deepcopy(overrides))
    return record
