"""Deterministic generator of the fictional sample directory (data/directory/sample_directory.json).

Reads the bundled geography CSV files (real municipalities and postal areas) and writes a self-contained import
file: the same seed always gives the same file. Run by ``manage.py generate_sample_directory``.
"""

import csv
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from .checks import haversine_km, point_jittered
from .sample_names import ACCESSIBILITY, ARCHETYPES, AREA_CODES, EXTRA_LANGUAGES, STREETS, Archetype

SAMPLE_PATH = Path(settings.BASE_DIR) / "data" / "directory" / "sample_directory.json"
GEOGRAPHY_DIRS = (Path(settings.BASE_DIR) / "data" / "geography", Path("/work/shared/data"))
# Fixed so the file does not change from one day to the next; assured dates spread over the 18 months before it.
ANCHOR_DATE = date(2026, 11, 1)
TARGET_LOCATIONS = 250
MIN_LOCATIONS_PER_REGION = 5
MAX_JITTER_KM = 1.9
POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"
# Where the sample places organisations for Indigenous and English-speaking people (plausible, not exhaustive).
INDIGENOUS_REGIONS = {"02", "03", "08", "09", "10", "11", "15"}
ENGLISH_REGIONS = {"03", "05", "06", "07", "11", "13", "15", "16"}
SAMPLE_NOTE = (
    "Organisme fictif — données d'exemple pour la démonstration, ne pas contacter.",
    "Fictional organisation — sample data for demonstration, do not contact.",
)


@dataclass(frozen=True)
class Muni:
    code: str
    name: str
    region_code: str
    region_name: str
    mrc_name: str
    population: int
    latitude: float
    longitude: float
    postal_code: str


@dataclass(frozen=True)
class Fsa:
    code: str
    region_code: str
    latitude: float
    longitude: float


def geography_file(name: str) -> Path:
    for folder in GEOGRAPHY_DIRS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def municipalities_read() -> list[Muni]:
    with geography_file("qc_municipalities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sorted(
        (
            Muni(
                r["mcode"],
                r["name"],
                r["region_code"],
                r["region_name"],
                r["mrc_name"],
                int(r["population"] or 0),
                float(r["latitude"]),
                float(r["longitude"]),
                r["postal_code"].replace(" ", "").upper(),
            )
            for r in rows
            if int(r["population"] or 0) >= 100
        ),
        key=lambda m: m.code,
    )


def fsas_read() -> list[Fsa]:
    with geography_file("qc_fsa_centroids.csv").open(encoding="utf-8") as handle:
        return sorted(
            (
                Fsa(r["fsa"], r["region_code"], float(r["latitude"]), float(r["longitude"]))
                for r in csv.DictReader(handle)
                if r["latitude"] and r["region_code"]  # H0H (Santa Claus) is not a place
            ),
            key=lambda f: f.code,
        )


def text(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


class SampleBuilder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.munis = municipalities_read()
        self.fsas = fsas_read()
        self.fsa_codes = {f.code for f in self.fsas}
        self.by_region: dict[str, list[Muni]] = defaultdict(list)
        for muni in self.munis:
            self.by_region[muni.region_code].append(muni)
        self.slugs: set[str] = set()
        self.names: set[str] = set()
        self.phone_counter = 0

    # -- placement -------------------------------------------------------------------------------------------
    def locations_per_region(self) -> dict[str, int]:
        population = {code: sum(m.population for m in munis) for code, munis in self.by_region.items()}
        total = sum(population.values())
        spare = TARGET_LOCATIONS - MIN_LOCATIONS_PER_REGION * len(population)
        return {code: MIN_LOCATIONS_PER_REGION + round(spare * pop / total) for code, pop in sorted(population.items())}

    def pick_municipality(self, region: str, avoid: set[str]) -> Muni:
        candidates = [m for m in self.by_region[region] if m.code not in avoid] or self.by_region[region]
        weights = [m.population**0.75 for m in candidates]
        return self.rng.choices(candidates, weights=weights)[0]

    def postal_code(self, muni: Muni, lat: float, lon: float) -> str:
        """A well-formed code in the postal area of the place: the nearest urban FSA in town, else the town hall's."""
        urban = [f for f in self.fsas if f.region_code == muni.region_code and f.code[1] != "0"]
        nearest = min(urban, key=lambda f: haversine_km(lat, lon, f.latitude, f.longitude), default=None)
        if nearest and haversine_km(lat, lon, nearest.latitude, nearest.longitude) < 4:
            fsa = nearest.code
        elif muni.postal_code[:3] in self.fsa_codes:
            fsa = muni.postal_code[:3]
        else:
            fsa = min(
                (f for f in self.fsas if f.region_code == muni.region_code),
                key=lambda f: haversine_km(lat, lon, f.latitude, f.longitude),
            ).code
        letters = POSTAL_LETTERS
        return f"{fsa} {self.rng.randint(1, 9)}{self.rng.choice(letters)}{self.rng.randint(0, 9)}"

    def phone(self, region: str) -> str:
        self.phone_counter += 1
        return f"+1{AREA_CODES[region]}5550{100 + self.phone_counter % 100:03d}"

    # -- records ---------------------------------------------------------------------------------------------
    def unique_slug(self, name: str) -> str:
        base = slugify(name)[:70].strip("-")
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def schedules(self) -> list[dict[str, Any]]:
        shape = self.rng.random()
        if shape < 0.5:
            rows = [
                {"byday": "MO,TU,WE,TH,FR", "opens_at": "08:30", "closes_at": "12:00"},
                {"byday": "MO,TU,WE,TH,FR", "opens_at": "13:00", "closes_at": "16:30"},
            ]
        elif shape < 0.8:
            rows = [
                {"byday": "MO,TU,WE,TH", "opens_at": "08:00", "closes_at": "16:30"},
                {"byday": "FR", "opens_at": "08:00", "closes_at": "12:00"},
            ]
        else:
            rows = [
                {"byday": "MO,TU,WE,FR", "opens_at": "09:00", "closes_at": "16:00"},
                {
                    "byday": "TH",
                    "opens_at": "09:00",
                    "closes_at": "20:00",
                    "description": text("Ouvert le soir le jeudi", "Open Thursday evenings"),
                },
            ]
        return rows

    def languages(self, archetype: Archetype) -> list[dict[str, Any]]:
        codes = ["fr"]
        if archetype.key in ("english", "immigrants", "indigenous") or self.rng.random() < 0.6:
            codes.append("en")
        for code in EXTRA_LANGUAGES:
            if self.rng.random() < (0.5 if archetype.key == "immigrants" else 0.08):
                codes.append(code)
        return [{"code": code} for code in codes]

    def accessibility(self) -> list[dict[str, Any]]:
        picks = self.rng.sample(ACCESSIBILITY, k=self.rng.randint(1, 3))
        return [
            {"description": text(*label), **({"details": text(*details)} if details[0] else {})}
            for label, details in picks
        ]

    def location(self, muni: Muni, archetype: Archetype, main: bool, org_slug: str) -> dict[str, Any]:
        lat, lon = point_jittered(self.rng, muni.latitude, muni.longitude, MAX_JITTER_KM)
        slug = "siege" if main else f"point-{slugify(muni.name)}"
        name = (
            text(f"Bureau principal — {muni.name}", f"Main office — {muni.name}")
            if main
            else text(f"Point de service de {muni.name}", f"{muni.name} service point")
        )
        address: dict[str, Any] = {
            "address_type": "physical",
            "address_1": f"{self.rng.randint(10, 2999)}, {self.rng.choice(STREETS)}",
            "city": muni.name,
            "postal_code": self.postal_code(muni, lat, lon),
            "state_province": "QC",
            "country": "CA",
        }
        if self.rng.random() < 0.35:
            address["address_2"] = f"Bureau {self.rng.randint(100, 320)}"
        transport = (
            text("Arrêt d'autobus à moins de 5 minutes à pied.", "Bus stop less than 5 minutes' walk away.")
            if muni.population > 40000
            else text("Stationnement gratuit sur place.", "Free parking on site.")
        )
        phones = [{"number": self.phone(muni.region_code), "type": "voice"}]
        if archetype.key == "disability":
            phones.append({"number": self.phone(muni.region_code), "type": "tty", "description": text("ATS", "TTY")})
        return {
            "slug": slug,
            "location_type": "physical",
            "name": name,
            "description": text(SAMPLE_NOTE[0], SAMPLE_NOTE[1]),
            "transportation": transport,
            "latitude": lat,
            "longitude": lon,
            "municipality": muni.code,
            "region": muni.region_code,
            "addresses": [address],
            "phones": phones,
            "schedules": self.schedules(),
            "languages": self.languages(archetype),
            "accessibility": self.accessibility(),
        }

    def assured_date(self) -> str:
        # Mostly verified in the last year; about one in six not verified for more than a year.
        days = self.rng.randint(380, 545) if self.rng.random() < 0.16 else self.rng.randint(3, 360)
        return (ANCHOR_DATE - timedelta(days=days)).isoformat()

    def organization(self, archetype: Archetype, region: str, n_locations: int) -> dict[str, Any]:
        main = self.pick_municipality(region, set())
        small_town = main.population < 5000 and main.mrc_name.startswith("MRC ") and region != "10"
        place = main.mrc_name.removeprefix("MRC ") if small_town else main.name
        for _attempt in range(10):
            name_fr, name_en = (pattern.format(place=place) for pattern in self.rng.choice(archetype.names))
            if name_fr not in self.names:
                break
        self.names.add(name_fr)
        slug = self.unique_slug(name_fr)
        munis = [main]
        while len(munis) < n_locations:
            munis.append(self.pick_municipality(region, {m.code for m in munis}))
        locations = [self.location(m, archetype, i == 0, slug) for i, m in enumerate(munis)]
        seen_slugs: set[str] = set()
        for loc in locations:  # two points in one town: keep slugs unique within the organisation
            base, n = loc["slug"], 2
            while loc["slug"] in seen_slugs:
                loc["slug"], n = f"{base}-{n}", n + 1
            seen_slugs.add(loc["slug"])
        templates = [archetype.services[0]] + [s for s in archetype.services[1:] if self.rng.random() < 0.6]
        services, points = [], []
        for template in templates:
            services.append(
                {
                    "slug": template.slug,
                    "name": text(*template.name),
                    "description": text(
                        f"{template.description[0]} {SAMPLE_NOTE[0]}", f"{template.description[1]} {SAMPLE_NOTE[1]}"
                    ),
                    "status": "active",
                    "fees_description": text("Gratuit", "Free"),
                    "eligibility_description": text(*archetype.eligibility),
                    "application_process": text(
                        "Appelez-nous ou passez nous voir : une première rencontre est offerte dans la semaine.",
                        "Call or drop by: a first meeting is offered within a week.",
                    ),
                    "clienteles": list(template.clienteles),
                    "kinds": list(template.kinds),
                    "assured_date": self.assured_date(),
                    "assurer": "Équipe des données d'exemple",
                    "service_areas": [{"name": text(main.region_name, main.region_name), "region": region}],
                }
            )
            targets = locations if template.everywhere else locations[:1]
            points += [{"service": template.slug, "location": loc["slug"]} for loc in targets]
        return {
            "slug": slug,
            "name": text(name_fr, name_en),
            "description": text(f"{archetype.mission[0]} {SAMPLE_NOTE[0]}", f"{archetype.mission[1]} {SAMPLE_NOTE[1]}"),
            "email": f"info@{slug}.example.org",
            "website": f"https://{slug}.example.org/",
            "is_member": self.rng.random() < 0.3,
            "is_sample": True,
            "phones": [{"number": self.phone(region), "type": "voice", "description": text("Accueil", "Reception")}],
            "services": services,
            "locations": locations,
            "service_at_locations": points,
        }

    def archetype_queue(self, region: str) -> list[Archetype]:
        """General and youth centres first in every region, then specialised ones (weighted, a few by region)."""
        by_key = {a.key: a for a in ARCHETYPES}
        queue = [by_key["general"], by_key["youth"]]
        if region in ("08", "09", "10"):
            queue.append(by_key["indigenous"])
        if region in ("06", "07", "05", "11"):
            queue.append(by_key["english"])
        others = [
            a
            for a in ARCHETYPES
            if a.key not in ("general", "youth")
            and (a.key != "indigenous" or region in INDIGENOUS_REGIONS)
            and (a.key != "english" or region in ENGLISH_REGIONS)
        ]
        queue += self.rng.choices(others, weights=[a.weight for a in others], k=40)
        return queue

    def build(self) -> dict[str, Any]:
        organizations = []
        for region, target in self.locations_per_region().items():
            queue = self.archetype_queue(region)
            placed = 0
            while placed < target:
                archetype = queue.pop(0)
                n = min(target - placed, self.rng.randint(1, archetype.max_locations))
                organizations.append(self.organization(archetype, region, n))
                placed += n
        return {
            "format": "trouve-directory",
            "version": 1,
            "generated_by": "manage.py generate_sample_directory",
            "note": text(
                "Répertoire fictif : toutes les organisations, adresses et coordonnées sont inventées.",
                "Fictional directory: every organisation, address and contact detail is invented.",
            ),
            "organizations": organizations,
        }


def sample_directory_build(*, seed: int = 2026) -> dict[str, Any]:
    """The sample directory as an import-file dictionary (same seed, same result)."""
    return SampleBuilder(seed).build()
